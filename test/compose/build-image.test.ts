/** The built image as the front end reads it: Dockerfile location, .dockerignore, and what the image holds where. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { imageContentAt, imageHoldsAt, isIgnored, lacksShell, readBuildImage } from '../../src/compose/normalize';
import { loadProject } from '../../src/compose';
import { UserError } from '../../src/diagnostics';
import type { BuiltImage } from '../../src/compose/types';
import { writeFiles } from '../helpers';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-build-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (files: Record<string, string>) => writeFiles(dir, files);

function read(input: { context?: string; dockerfile?: string; dockerfileInline?: string; target?: string; args?: Record<string, string> } = {}) {
  const said: string[] = [];
  const image = readBuildImage(
    { ...input, context: path.join(dir, input.context ?? '.'), args: input.args ?? {} },
    {
      file: 'compose.yaml',
      at: 'services.app.build',
      projectDir: dir,
      warn: (_f, p, m) => said.push(`warning: ${p}: ${m}`),
      error: (_f, p, m) => said.push(`error: ${p}: ${m}`),
    },
  );
  return { image, said };
}

function image(files: Record<string, string>, input: Parameters<typeof read>[0] = {}): BuiltImage {
  write(files);
  const r = read(input);
  expect(r.said).toEqual([]);
  return r.image!;
}

describe('where the Dockerfile and .dockerignore come from', () => {
  test('build.dockerfile is relative to the context; <Dockerfile>.dockerignore wins over the context one', () => {
    const img = image(
      {
        'app/docker/prod.Dockerfile': 'FROM alpine:3.20.3\nCOPY . /srv/\n',
        'app/docker/prod.Dockerfile.dockerignore': 'tmp\n',
        'app/.dockerignore': 'other\n',
      },
      { context: 'app', dockerfile: 'docker/prod.Dockerfile' },
    );
    expect(img.dockerfile).toBe('app/docker/prod.Dockerfile');
    expect(img.ignore).toEqual(['tmp']);
  });

  test('.dockerignore: comments dropped, negation and ** as Docker matches them', () => {
    const img = image({ Dockerfile: 'FROM alpine:3.20.3\n', '.dockerignore': '# build output\n\n**/*.log\nnode_modules\n!node_modules/keep\n' });
    expect(img.ignore).toEqual(['**/*.log', 'node_modules', '!node_modules/keep']);
    expect(['a.log', 'src/deep/b.log', 'node_modules', 'node_modules/x', 'node_modules/keep', 'src/app.js'].map((p) => isIgnored(img, p))).toEqual([true, true, true, true, false, false]);
  });

  test('a missing Dockerfile is a warning; an unknown build.target an error; a URL context is not read', () => {
    expect(read().said).toEqual([
      'warning: services.app.build: cannot read the Dockerfile "Dockerfile"; bind mounts over the image\'s files, volumes over its content and its USER are decided without it: synth where the build context is checked out',
    ]);
    write({ Dockerfile: 'FROM alpine:3.20.3 AS base\nFROM base AS prod\n' });
    expect(read({ target: 'dev' }).said).toEqual(['error: services.app.build.target: the Dockerfile "Dockerfile" has no stage "dev"; its stages are "base", "prod"; set build.target to one of them']);
    expect(readBuildImage({ context: 'https://github.com/acme/app.git#main', args: {} }, { file: 'c', at: 'a', projectDir: dir, warn: () => fail(), error: () => fail() })).toBeUndefined();
  });

  test('build.dockerfile_inline (compose interpolates it: $$ for a Dockerfile variable) and build.args reach the facts', () => {
    write({
      'compose.yaml': `services:
  app:
    image: ghcr.io/acme/app:1.0.0
    build:
      context: .
      args: {HOME_DIR: /home/app}
      dockerfile_inline: |
        FROM alpine:3.20.3
        ARG HOME_DIR=/root
        WORKDIR $\${HOME_DIR}
        USER 1000
`,
    });
    const { project } = loadProject({ files: [], cwd: dir, environment: {} });
    expect(project.services.app.build?.image).toMatchObject({ dockerfile: 'services.app.build.dockerfile_inline', workdir: '/home/app', user: '1000' });
  });

  test('an unknown build.target fails the run with the others', () => {
    write({ 'compose.yaml': 'services:\n  app:\n    image: ghcr.io/acme/app:1.0.0\n    build: {context: ., target: test}\n', Dockerfile: 'FROM alpine:3.20.3 AS prod\n' });
    expect(() => loadProject({ files: [], cwd: dir, environment: {} })).toThrow(UserError);
  });
});

describe('what the image holds where', () => {
  test('partial copies: a bind of the context holds where its copied parts land, not elsewhere', () => {
    const img = image({
      Dockerfile: 'FROM node:20.11.1\nWORKDIR /app\nCOPY package*.json ./\nCOPY src ./src\nCOPY conf/*.conf /etc/app/\n',
      'package.json': '{}',
      'package-lock.json': '{}',
      'src/index.js': '',
      'conf/a.conf': '',
      'conf/b.txt': '',
    });
    expect(imageHoldsAt(img, '.', '/app')).toBe(true);
    expect(imageHoldsAt(img, '.', '/srv')).toBe(false);
    expect(imageHoldsAt(img, 'src', '/app/src')).toBe(true);
    expect(imageHoldsAt(img, 'src/index.js', '/app/src/index.js')).toBe(true);
    expect(imageHoldsAt(img, 'package.json', '/app/package.json')).toBe(true);
    // Globs are matched per path segment against the context.
    expect(imageHoldsAt(img, 'conf/a.conf', '/etc/app/a.conf')).toBe(true);
    expect(imageHoldsAt(img, 'conf/b.txt', '/etc/app/b.txt')).toBe(false);
    expect(imageHoldsAt(img, 'conf', '/etc/app')).toBe(true);
  });

  test('.dockerignore keeps a folder out of the image even when COPY . . copies around it', () => {
    const img = image({ Dockerfile: 'FROM python:3.12.11-slim\nWORKDIR /app\nCOPY . .\n', '.dockerignore': 'data\n', 'data/x.csv': '1', 'app.py': '' });
    expect(imageHoldsAt(img, 'data', '/app/data')).toBe(false);
    expect(imageHoldsAt(img, 'app.py', '/app/app.py')).toBe(true);
  });

  test('content: known where a COPY lands or a copied context folder holds the path, possible in WORKDIR, none elsewhere', () => {
    const img = image({
      Dockerfile: 'FROM python:3.12.11-slim AS build\nFROM python:3.12.11-slim\nWORKDIR /app\nCOPY . .\nCOPY --from=build /venv /opt/venv\n',
      'static/site.css': '',
    });
    expect(['/opt/venv', '/opt', '/app/static', '/app/media', '/data'].map((p) => imageContentAt(img, p))).toEqual(['known', 'known', 'known', 'possible', 'none']);
  });

  test('bases without a shell', () => {
    expect(['scratch', 'gcr.io/distroless/static-debian12:nonroot', 'gcr.io/distroless/base:debug', 'alpine:3.20.3'].map(lacksShell)).toEqual([true, true, false, false]);
  });
});
