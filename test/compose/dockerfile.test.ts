/** The Dockerfile reader: stages, inheritance, ARG/ENV expansion, WORKDIR, COPY/ADD, USER, VOLUME. */
import { expandWord, readDockerfile } from '../../src/compose/read';

function facts(text: string, args: Record<string, string> = {}, target?: string) {
  const r = readDockerfile({ text, args, ...(target !== undefined ? { target } : {}) });
  if ('error' in r) throw new Error(r.error);
  return r.facts;
}

const NODE_MULTI_STAGE = `# syntax=docker/dockerfile:1
ARG NODE_VERSION=20.11.1
FROM node:\${NODE_VERSION}-alpine AS deps
WORKDIR /usr/src/app
COPY package.json package-lock.json ./
RUN npm ci

FROM deps AS build
COPY --chown=node:node . .
RUN npm run build

FROM nginx:1.27.3-alpine AS web
ARG WEB_ROOT=/usr/share/nginx/html
ENV CONF_DIR=/etc/nginx/conf.d
COPY --from=build /usr/src/app/dist \${WEB_ROOT}/
COPY nginx/site.conf $CONF_DIR/site.conf
USER 101:101
`;

describe('stages', () => {
  test('the last stage is built: its own base image, COPY --from a stage is content not from the context', () => {
    expect(facts(NODE_MULTI_STAGE)).toEqual({
      stage: 'web',
      baseImage: 'nginx:1.27.3-alpine',
      user: '101:101',
      volumes: [],
      copies: [
        { dest: '/usr/share/nginx/html', destIsDir: true, from: 'stage', sources: [] },
        { dest: '/etc/nginx/conf.d/site.conf', destIsDir: false, from: 'context', sources: ['nginx/site.conf'] },
      ],
    });
  });

  test('build.target picks a stage; FROM <stage> inherits WORKDIR, content and the base image; global ARGs reach FROM', () => {
    expect(facts(NODE_MULTI_STAGE, { NODE_VERSION: '22.12.0' }, 'build')).toEqual({
      stage: 'build',
      baseImage: 'node:22.12.0-alpine',
      workdir: '/usr/src/app',
      volumes: [],
      copies: [
        { dest: '/usr/src/app', destIsDir: true, from: 'context', sources: ['package.json', 'package-lock.json'] },
        { dest: '/usr/src/app', destIsDir: true, from: 'context', sources: ['.'], chown: 'node:node' },
      ],
    });
  });

  test('target names are case-insensitive; an unknown target is an error that lists the stages', () => {
    expect(facts(NODE_MULTI_STAGE, {}, 'DEPS').stage).toBe('deps');
    expect(readDockerfile({ text: NODE_MULTI_STAGE, args: {}, target: 'prod' })).toEqual({ error: 'has no stage "prod"; its stages are "deps", "build", "web"' });
    expect(readDockerfile({ text: 'RUN true\n', args: {} })).toEqual({ error: 'has no FROM instruction' });
  });

  test('COPY --from=<index> is a stage, --from=<image> an image; unnamed stages are numbered', () => {
    const f = facts(`FROM golang:1.22 AS builder
WORKDIR /src
COPY . .
FROM alpine:3.20
COPY --from=0 /src/app /usr/local/bin/app
COPY --from=docker.io/library/busybox:1.36 /bin/busybox /bin/busybox
`);
    expect(f.stage).toBe('1');
    expect(f.workdir).toBeUndefined();
    expect(f.copies).toEqual([
      { dest: '/usr/local/bin/app', destIsDir: false, from: 'stage', sources: [] },
      { dest: '/bin/busybox', destIsDir: false, from: 'image', sources: [] },
    ]);
  });
});

describe('ARG and ENV', () => {
  test('a compose build arg replaces an ARG default; ENV wins over an ARG; ARGs do not pass to the next stage', () => {
    const text = `ARG APP_HOME=/opt/global
FROM python:3.12.11-slim AS base
ARG APP_HOME
ARG APP_USER=app
ENV APP_USER=1000
WORKDIR \${APP_HOME}
USER \${APP_USER}
FROM base
WORKDIR \${APP_HOME:-/fallback}/src
`;
    expect(facts(text, { APP_HOME: '/srv/app' }, 'base')).toMatchObject({ workdir: '/srv/app', user: '1000' });
    expect(facts(text, {}, 'base')).toMatchObject({ workdir: '/opt/global', user: '1000' });
    // The second stage inherits WORKDIR and ENV, not the ARG.
    expect(facts(text, {}).workdir).toBe('/fallback/src');
  });

  test('ENV in both forms, quotes and line continuations', () => {
    const f = facts(`FROM debian:12
ENV BASE=/opt \\
    NAME="my app"
ENV LEGACY /var/legacy
WORKDIR $BASE/$NAME
VOLUME ["$LEGACY/data", "/cache"]
VOLUME /logs /spool
`);
    expect(f.workdir).toBe('/opt/my app');
    expect(f.volumes).toEqual(['/var/legacy/data', '/cache', '/logs', '/spool']);
  });

  test('expansion rules: defaults, alternatives, set-but-empty, escapes and quotes', () => {
    const vars = new Map([
      ['SET', 'x'],
      ['EMPTY', ''],
    ]);
    expect(expandWord('${SET:-d}|${EMPTY:-d}|${EMPTY-d}|${UNSET-d}|${SET:+a}|${EMPTY:+a}|${EMPTY+a}|$UNSET.', vars)).toBe('x|d||d|a||a|.');
    expect(expandWord('\\$SET \'$SET\' "$SET"', vars)).toBe('$SET $SET x');
    expect(expandWord('${UNSET:-${SET}/y}', vars)).toBe('x/y');
    expect(expandWord('`$SET', vars, '`')).toBe('$SET');
  });
});

describe('WORKDIR, COPY and ADD', () => {
  test('relative WORKDIR and destinations, JSON form with spaces, heredocs, URLs, archives, --chown with a variable', () => {
    const f = facts(`FROM ruby:3.3.6
ARG UID=1001
WORKDIR /app
WORKDIR web
COPY ["config/my settings.yml", "config/"]
COPY Gemfile Gemfile.lock ./
COPY <<EOF /etc/motd
hello
EOF
ADD https://example.com/tool.tgz /opt/
ADD vendor/assets.tar.gz /app/web/public/
ADD --chown=\${UID}:\${UID} bin/ /usr/local/bin
COPY lib/tasks /app/web/lib/tasks
`);
    expect(f.workdir).toBe('/app/web');
    expect(f.copies).toEqual([
      { dest: '/app/web/config', destIsDir: true, from: 'context', sources: ['config/my settings.yml'] },
      { dest: '/app/web', destIsDir: true, from: 'context', sources: ['Gemfile', 'Gemfile.lock'] },
      { dest: '/etc/motd', destIsDir: false, from: 'heredoc', sources: [] },
      { dest: '/opt', destIsDir: true, from: 'url', sources: [] },
      { dest: '/app/web/public', destIsDir: true, from: 'archive', sources: [] },
      { dest: '/usr/local/bin', destIsDir: false, from: 'context', sources: ['bin'], chown: '1001:1001' },
      { dest: '/app/web/lib/tasks', destIsDir: false, from: 'context', sources: ['lib/tasks'] },
    ]);
  });

  test('the escape directive changes the escape character', () => {
    const f = facts('# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:/app\nUSER `$name\n');
    expect(f.user).toBe('$name');
  });

  test('the last USER wins, through inherited stages', () => {
    expect(facts('FROM node:20.11.1 AS a\nUSER node\nFROM a\nRUN true\n').user).toBe('node');
    expect(facts('FROM node:20.11.1\nUSER node\nUSER root\n').user).toBe('root');
    expect(facts('FROM node:20.11.1\n').user).toBeUndefined();
  });
});
