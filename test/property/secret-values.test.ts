/**
 * Secrets by value over generated projects (DESIGN "Values"): values given in `.env` variables, env
 * files, literal `environment` entries, URL passwords and `--requirepass` arguments, under secret and
 * plain names, shared between services or not.
 * - a value that is secret anywhere is never written anywhere in the output folder;
 * - every reference reads the value compose gives that place (checked with `--secrets inline`, whose
 *   Secret holds the values): two different values never read one key.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { compile, CompileOptions, CompileResult } from '../../src/compile';
import { UserError, formatDiagnostic } from '../../src/diagnostics';
import { check, PARAMS, TIMEOUT } from './support';
import { Any } from '../helpers';

type Place = 'var' | 'envfile' | 'literal' | 'url' | 'flag';
interface Use {
  readonly name: string;
  readonly place: Place;
  readonly value: number;
}
interface Project {
  readonly values: readonly string[];
  readonly services: readonly (readonly Use[])[];
}

const SECRET_NAMES = ['CACHE_PASSWORD', 'APP_SECRET', 'QUEUE_AUTH', 'APP_DBPASS', 'API_TOKEN'];
const PLAIN_NAMES = ['PLAIN_COPY', 'SETTING'];

const use: fc.Arbitrary<Use> = fc.record({
  name: fc.constantFrom(...SECRET_NAMES, ...PLAIN_NAMES, 'CONN_URL'),
  place: fc.constantFrom<Place>('var', 'envfile', 'literal', 'url', 'flag'),
  value: fc.nat({ max: 3 }),
});

const project: fc.Arbitrary<Project> = fc.record({
  // Distinct values of 10+ characters that appear nowhere else in a rendered project.
  values: fc.uniqueArray(fc.stringMatching(/^[a-z0-9]{10,14}$/), { minLength: 4, maxLength: 4 }).map((xs) => xs.map((x) => `pv${x}`)),
  services: fc.array(fc.uniqueArray(use, { minLength: 1, maxLength: 4, selector: (u) => (u.place === 'flag' ? '--flag' : u.name) }), { minLength: 1, maxLength: 3 }),
});

/** Where each value is secret: a secret name, a URL's password, a password flag. */
function secretValues(p: Project): Set<string> {
  const out = new Set<string>();
  for (const uses of p.services) for (const u of uses) if (u.place === 'url' || u.place === 'flag' || SECRET_NAMES.includes(u.name)) out.add(p.values[u.value]);
  return out;
}

interface Written {
  readonly files: Record<string, string>;
  /** service → env name → the value compose gives it; service → the argv compose runs. */
  readonly env: Record<string, Record<string, string>>;
  readonly args: Record<string, string[]>;
}

function write(p: Project): Written {
  const files: Record<string, string> = {};
  const env: Record<string, Record<string, string>> = {};
  const args: Record<string, string[]> = {};
  const dotenv: string[] = [];
  const lines = ['name: prop', 'services:'];
  p.services.forEach((uses, i) => {
    const sn = `s${i}`;
    env[sn] = {};
    lines.push(`  ${sn}:`, '    image: nginx:1.27.3');
    const envLines: string[] = [];
    const fileLines: string[] = [];
    for (const u of uses) {
      const v = p.values[u.value];
      switch (u.place) {
        case 'var': {
          const variable = `V${u.value}_${u.name}`;
          if (!dotenv.includes(`${variable}=${v}`)) dotenv.push(`${variable}=${v}`);
          envLines.push(`      ${u.name}: \${${variable}}`);
          env[sn][u.name] = v;
          break;
        }
        case 'envfile':
          fileLines.push(`${u.name}=${v}`);
          env[sn][u.name] = v;
          break;
        case 'literal':
          envLines.push(`      ${u.name}: ${v}`);
          env[sn][u.name] = v;
          break;
        case 'url':
          envLines.push(`      ${u.name}_URL: redis://user:${v}@cache:6379/0`);
          env[sn][`${u.name}_URL`] = `redis://user:${v}@cache:6379/0`;
          break;
        case 'flag':
          args[sn] = ['redis-server', '--requirepass', v];
          lines.push(`    command: ["redis-server", "--requirepass", "${v}"]`);
          break;
      }
    }
    if (fileLines.length > 0) {
      files[`${sn}.env`] = `${fileLines.join('\n')}\n`;
      lines.push(`    env_file: ${sn}.env`);
    }
    if (envLines.length > 0) lines.push('    environment:', ...envLines);
  });
  files['compose.yaml'] = `${lines.join('\n')}\n`;
  if (dotenv.length > 0) files['.env'] = `${dotenv.join('\n')}\n`;
  return { files, env, args };
}

function compileFiles(files: Record<string, string>, options: Partial<CompileOptions> = {}): CompileResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-prop-values-'));
  try {
    for (const [f, t] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), t);
    return compile({ files: [], cwd: dir, environment: {}, ...options });
  } catch (e) {
    if (e instanceof UserError) throw new Error(`rejected:\n${e.diagnostics.map(formatDiagnostic).join('\n')}\n${files['compose.yaml']}`);
    throw e;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A container's view: env name → value, with secretKeyRef read from the inline Secret and $(NAME) expanded. */
function resolved(r: CompileResult, service: string): { env: Record<string, string>; args: string[] } {
  const secrets: Record<string, Record<string, string>> = {};
  for (const o of r.objects as Any[]) {
    if (o.kind !== 'Secret') continue;
    secrets[o.metadata.name] = { ...(o.stringData ?? {}), ...Object.fromEntries(Object.entries(o.data ?? {}).map(([k, v]) => [k, Buffer.from(v as string, 'base64').toString('utf8')])) };
  }
  const w = (r.objects as Any[]).find((o) => ['Deployment', 'StatefulSet'].includes(o.kind) && o.metadata.name === service);
  const c = w.spec.template.spec.containers[0];
  const env: Record<string, string> = {};
  const expand = (s: string) => s.replace(/\$\$|\$\(([A-Za-z_][-._A-Za-z0-9]*)\)/g, (m, n) => (m === '$$' ? '$' : env[n] ?? m));
  for (const e of c.env ?? []) {
    if (e.valueFrom?.secretKeyRef) env[e.name] = secrets[e.valueFrom.secretKeyRef.name]?.[e.valueFrom.secretKeyRef.key] ?? `<missing ${e.valueFrom.secretKeyRef.key}>`;
    else if (e.value !== undefined) env[e.name] = expand(e.value);
  }
  for (const f of c.envFrom ?? []) {
    const cm = (r.objects as Any[]).find((o) => o.kind === 'ConfigMap' && o.metadata.name === f.configMapRef?.name);
    for (const [k, v] of Object.entries(cm?.data ?? {})) if (!(k in env)) env[k] = v as string;
  }
  return { env, args: (c.args ?? []).map(expand) };
}

describe('secrets by value over generated projects', () => {
  test(
    'a value secret anywhere is written nowhere; every reference reads the value compose gives it',
    () => {
      fc.assert(
        fc.property(project, (p) => {
          const w = write(p);
          const plain = compileFiles(w.files);
          const all = [...plain.files.values()].join('\n');
          for (const v of secretValues(p)) check(!all.includes(v), () => `the secret value ${v} is in the output of\n${w.files['compose.yaml']}`);
          const inline = compileFiles(w.files, { secrets: 'inline', allowInsecureSecrets: true });
          p.services.forEach((_, i) => {
            const got = resolved(inline, `s${i}`);
            for (const [name, value] of Object.entries(w.env[`s${i}`])) {
              check(got.env[name] === value, () => `s${i} ${name} reads ${got.env[name]} instead of ${value} in\n${w.files['compose.yaml']}${Object.entries(w.files).filter(([f]) => f !== 'compose.yaml').map(([f, t]) => `\n--- ${f}\n${t}`).join('')}`);
            }
            if (w.args[`s${i}`]) check(JSON.stringify(got.args) === JSON.stringify(w.args[`s${i}`]), () => `s${i} args ${JSON.stringify(got.args)} in\n${w.files['compose.yaml']}`);
          });
        }),
        PARAMS,
      );
    },
    TIMEOUT,
  );
});
