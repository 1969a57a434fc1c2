/** Test helpers: compile a compose project in memory and look objects up. */
import * as path from 'path';
import { compile, CompileOptions, CompileResult } from '../src/compile';
import { K8sObject } from '../src/output/render';

export const ROOT = path.resolve(__dirname, '..');

export function compileExample(name: string, options: Partial<CompileOptions> = {}): CompileResult {
  const dir = path.join(ROOT, 'examples', name);
  return compile({ files: [path.join(dir, 'compose.yaml')], cwd: dir, environment: {}, ...options });
}

export function find(r: CompileResult, kind: string, name: string | RegExp): K8sObject {
  const o = r.objects.find((x) => x.kind === kind && (typeof name === 'string' ? x.metadata.name === name : name.test(x.metadata.name)));
  if (!o) throw new Error(`no ${kind} ${name}; have ${r.objects.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`);
  return o;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Any = any;

export function podSpecOf(o: K8sObject): Any {
  return (o as Any).spec.template.spec;
}

export function mainContainer(o: K8sObject): Any {
  return podSpecOf(o).containers[0];
}

/** Every container (init containers included) of every pod template. */
export function allContainers(r: CompileResult): Any[] {
  return r.objects.flatMap((o) => {
    const spec = (o as Any).spec?.template?.spec;
    return spec ? [...(spec.initContainers ?? []), ...spec.containers] : [];
  });
}
