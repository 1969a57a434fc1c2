/**
 * Property tests of the whole compiler on generated valid compose projects (arbitraries.ts).
 * Fixed seed, PROPERTY_RUNS runs per property (default 40). Compilations are cached by input, so
 * the properties share the work of compiling each generated project.
 */
import fc from 'fast-check';
import { toDnsLabel, truncateName } from '../../src/model/names';
import {
  composeProject,
  EnvSpec,
  hex,
  INDIRECT_SECRET_VARIABLES,
  meaningOf,
  ProjectSpec,
  projectYaml,
  SECRET_VARIABLES,
  ServiceSpec,
} from './arbitraries';
import {
  Any,
  check,
  cleanUp,
  compileYaml,
  Compiled,
  describe as describeObject,
  isDns1035Label,
  isDns1123Label,
  isDns1123Subdomain,
  isIanaSvcName,
  isLabelKey,
  isLabelValue,
  kubernetesExpand,
  PARAMS,
  podTemplates,
  quantity,
  sameFiles,
  secretsListed,
  TIMEOUT,
  WORKLOAD_KINDS,
} from './support';
import { withoutDefinedness } from '../helpers';

afterAll(cleanUp);

const base = (p: ProjectSpec): Compiled => compileYaml(p.yaml);

describe('generated compose projects', () => {
  test(
    'synth succeeds, and compiling twice gives byte-identical files',
    () => {
      fc.assert(
        fc.property(composeProject, (p) => {
          const first = base(p);
          const again = compileYaml(p.yaml, {}, false);
          sameFiles(first.files, again.files, 'second compilation');
        }),
        PARAMS,
      );
    },
    TIMEOUT,
  );

  test(
    'the order of services, volumes and networks in the file does not matter',
    () => {
      fc.assert(
        fc.property(composeProject, fc.integer(), (p, seed) => {
          const shuffled = projectYaml(p, { seed });
          sameFiles(base(p).files, compileYaml(shuffled).files, `shuffled file (seed ${seed})\n${shuffled}\n`);
        }),
        PARAMS,
      );
    },
    TIMEOUT,
  );

  test(
    'no secret value leaks, and secret variables are never resolved',
    () => {
      const all = [...SECRET_VARIABLES, ...INDIRECT_SECRET_VARIABLES];
      const values = fc.uniqueArray(hex(8, 16), { minLength: all.length, maxLength: all.length });
      fc.assert(
        fc.property(composeProject, values, (p, hexes) => {
          const environment = Object.fromEntries(all.map((v, i) => [v, `prop-secret-${hexes[i]}`]));
          const withValues = compileYaml(p.yaml, environment);
          for (const [file, text] of withValues.files) {
            for (const [v, value] of Object.entries(environment)) check(!text.includes(value), `${file} contains the value of ${v}`);
          }
          sameFiles(new Map(withoutDefinedness(base(p).files)), new Map(withoutDefinedness(withValues.files)), 'compiled with every secret variable set');
        }),
        PARAMS,
      );
    },
    TIMEOUT,
  );

  test(
    'every pod is hardened: resources, securityContext, seccomp, no service-account token',
    () => {
      fc.assert(
        fc.property(composeProject, (p) => {
          const { objects, warnings } = base(p);
          const pods = podTemplates(objects);
          // A writable root only where the image's write paths are unknown, and then listed for attention.
          const writableRoot = new Set(warnings.filter((w) => w.code === 'writable-root').map((w) => w.service));
          check(pods.length >= p.services.length, `${pods.length} pod templates for ${p.services.length} services`);
          for (const { owner, spec } of pods) {
            const at = describeObject(owner);
            check(spec.automountServiceAccountToken === false, `${at}: automountServiceAccountToken is ${spec.automountServiceAccountToken}`);
            const sc = spec.securityContext ?? {};
            check(sc.runAsNonRoot === true, `${at}: pod runAsNonRoot is ${sc.runAsNonRoot}`);
            check(Number.isInteger(sc.runAsUser) && sc.runAsUser > 0, `${at}: pod runAsUser is ${sc.runAsUser}`);
            check(sc.seccompProfile?.type === 'RuntimeDefault', `${at}: seccompProfile ${JSON.stringify(sc.seccompProfile)}`);
            for (const c of [...(spec.initContainers ?? []), ...spec.containers] as Any[]) {
              const where = `${at} container ${c.name}`;
              const req = c.resources?.requests ?? {};
              const lim = c.resources?.limits ?? {};
              check(req.cpu !== undefined && req.memory !== undefined, `${where}: requests ${JSON.stringify(req)}`);
              check(lim.memory !== undefined, `${where}: limits ${JSON.stringify(lim)}`);
              check(quantity(req.memory) <= quantity(lim.memory), `${where}: memory request ${req.memory} > limit ${lim.memory}`);
              if (lim.cpu !== undefined) check(quantity(req.cpu) <= quantity(lim.cpu), `${where}: cpu request ${req.cpu} > limit ${lim.cpu}`);
              const csc = c.securityContext ?? {};
              check(csc.allowPrivilegeEscalation === false, `${where}: allowPrivilegeEscalation ${csc.allowPrivilegeEscalation}`);
              check(JSON.stringify(csc.capabilities?.drop) === '["ALL"]', `${where}: capabilities ${JSON.stringify(csc.capabilities)}`);
              const service = (owner as Any).metadata.labels?.['app.kubernetes.io/name'];
              const mayWrite = spec.containers.includes(c) && [...writableRoot].some((s) => s !== undefined && toDnsLabel(s) === service);
              check(csc.readOnlyRootFilesystem === true || mayWrite, `${where}: readOnlyRootFilesystem ${csc.readOnlyRootFilesystem} without a writable-root warning`);
            }
          }
        }),
        PARAMS,
      );
    },
    TIMEOUT,
  );

  test(
    'names: DNS-1123 object names, DNS-1035 Service names, valid labels, IANA port names that Services target',
    () => {
      fc.assert(
        fc.property(composeProject, (p) => {
          const { objects } = base(p);
          for (const o of objects) {
            const at = describeObject(o);
            check(isDns1123Subdomain(o.metadata.name), `${at}: name is not a DNS-1123 subdomain`);
            if (o.kind === 'Service') check(isDns1035Label(o.metadata.name), `${at}: a Service name must be a DNS-1035 label`);
            // The Job controller puts the Job name into the job-name label of its pods.
            if (o.kind === 'Job') check(isLabelValue(o.metadata.name), `${at}: a Job name must be a valid label value`);
            walkLabels(o, at);
          }
          for (const { owner, spec } of podTemplates(objects)) {
            const at = describeObject(owner);
            const containers = [...(spec.initContainers ?? []), ...spec.containers] as Any[];
            const cnames = containers.map((c) => c.name);
            check(new Set(cnames).size === cnames.length, `${at}: duplicate container names ${cnames.join(', ')}`);
            for (const c of containers) {
              check(isDns1123Label(c.name), `${at}: container name ${JSON.stringify(c.name)}`);
              const pnames = (c.ports ?? []).map((x: Any) => x.name);
              check(new Set(pnames).size === pnames.length, `${at}: duplicate port names ${pnames.join(', ')}`);
              for (const n of pnames) check(isIanaSvcName(n), `${at} container ${c.name}: port name ${JSON.stringify(n)} is not an IANA service name`);
            }
            for (const v of spec.volumes ?? []) check(isDns1123Label(v.name), `${at}: volume name ${JSON.stringify(v.name)}`);
          }
          // Every named targetPort of a Service is a port name of a container of the pods it selects.
          for (const svc of objects.filter((o) => o.kind === 'Service') as Any[]) {
            const sel: Record<string, string> = svc.spec.selector ?? {};
            const pods = podTemplates(objects).filter((t) => Object.entries(sel).every(([k, v]) => t.labels[k] === v));
            check(pods.length > 0, `Service/${svc.metadata.name} selects no pod template`);
            for (const port of (svc.spec.ports ?? []) as Any[]) {
              check(isDns1123Label(port.name), `Service/${svc.metadata.name}: port name ${JSON.stringify(port.name)}`);
              if (typeof port.targetPort !== 'string') continue;
              for (const t of pods) {
                const names = (t.spec.containers as Any[]).flatMap((c) => (c.ports ?? []).map((x: Any) => x.name));
                check(names.includes(port.targetPort), `Service/${svc.metadata.name}: targetPort ${port.targetPort} is not a port of ${describeObject(t.owner)}`);
              }
            }
          }
        }),
        PARAMS,
      );
    },
    TIMEOUT,
  );

  test(
    'every secretKeyRef names a valid Secret listed in SECRETS.md with that key',
    () => {
      fc.assert(
        fc.property(composeProject, (p) => {
          const { objects, files } = base(p);
          const listed = secretsListed(files.get('SECRETS.md') ?? '');
          for (const o of objects) {
            JSON.stringify(o, (k, v) => {
              if (k === 'secretKeyRef') {
                check(isDns1123Subdomain(v.name), `${describeObject(o)}: secretKeyRef names ${JSON.stringify(v.name)}, which is not a valid Secret name`);
                const keys = listed.get(v.name);
                check(keys !== undefined, `${describeObject(o)}: Secret ${v.name} is not listed in SECRETS.md (listed: ${[...listed.keys()].join(', ')})`);
                check(keys.has(v.key), `${describeObject(o)}: key ${v.key} of Secret ${v.name} is not listed in SECRETS.md`);
              }
              return v;
            });
          }
        }),
        PARAMS,
      );
    },
    TIMEOUT,
  );

  test(
    'environment: compose order, $$ escapes round-trip, secrets as secretKeyRef, embedded secrets as $(VAR) after VAR',
    () => {
      fc.assert(
        fc.property(composeProject, (p) => {
          const { objects } = base(p);
          const secretName = truncateName(`${p.name.replace(/_/g, '-')}-secrets`);
          for (const s of p.services) checkEnvironment(s, mainContainerOf(objects, s), secretName);
        }),
        PARAMS,
      );
    },
    TIMEOUT,
  );
});

/** Checks the keys and values of every `labels` / `matchLabels` mapping inside an object. */
function walkLabels(value: unknown, at: string, key = ''): void {
  if (Array.isArray(value)) {
    value.forEach((v) => walkLabels(v, at));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (key === 'labels' || key === 'matchLabels') {
    for (const [k, v] of Object.entries(value)) {
      check(isLabelKey(k), `${at}: label key ${JSON.stringify(k)} is invalid`);
      check(isLabelValue(v), `${at}: label ${k}=${JSON.stringify(v)} has an invalid value`);
    }
    return;
  }
  for (const [k, v] of Object.entries(value)) walkLabels(v, at, k);
}

function mainContainerOf(objects: readonly Any[], s: ServiceSpec): Any {
  const owners = objects.filter((o) => WORKLOAD_KINDS.has(o.kind) && o.metadata.labels?.['app.kubernetes.io/name'] === s.dns);
  check(owners.length === 1, `service ${s.name}: ${owners.length} workloads named ${s.dns}`);
  const c = owners[0].spec.template.spec.containers[0];
  check(c.name === s.dns, `service ${s.name}: main container is ${c.name}`);
  return c;
}

type Expected =
  | { name: string; kind: 'value'; entry: Extract<EnvSpec, { kind: 'plain' | 'composite' }> }
  | { name: string; kind: 'secretKeyRef'; key: string; optional: boolean };

/** The env a service must get: compose order, each secret variable a value embeds moved before its first user. */
function expectedEnv(s: ServiceSpec): Expected[] {
  const byKey = new Map(s.env.map((e) => [e.key, e]));
  const out: Expected[] = [];
  const emitted = new Set<string>();
  const emit = (e: EnvSpec): void => {
    if (emitted.has(e.key)) return;
    emitted.add(e.key);
    switch (e.kind) {
      case 'plain':
      case 'composite':
        out.push({ name: e.key, kind: 'value', entry: e });
        return;
      case 'secret':
        out.push({ name: e.key, kind: 'secretKeyRef', key: e.piece.variable, optional: !e.piece.required });
        return;
      case 'bare':
        // A secret name alone is an optional reference; a plain one that is unset is dropped.
        if (e.secret) out.push({ name: e.key, kind: 'secretKeyRef', key: e.key, optional: true });
        return;
    }
  };
  for (const e of s.env) {
    if (e.kind === 'composite') {
      for (const piece of e.pieces) {
        if (piece.kind !== 'secret' || emitted.has(piece.variable)) continue;
        const own = byKey.get(piece.variable);
        if (own) emit(own);
        else {
          emitted.add(piece.variable);
          out.push({ name: piece.variable, kind: 'secretKeyRef', key: piece.variable, optional: !piece.required });
        }
      }
    }
    emit(e);
  }
  return out;
}

function checkEnvironment(s: ServiceSpec, c: Any, secretName: string): void {
  const env: Any[] = c.env ?? [];
  const at = `service ${s.name}`;
  const expected = expectedEnv(s);
  const names = env.map((e) => e.name);
  const want = expected.map((e) => e.name);
  const extra = names.slice(want.length);
  check(
    JSON.stringify(names.slice(0, want.length)) === JSON.stringify(want) && extra.every((n) => s.healthSecrets.includes(n) || n === 'PGDATA'),
    () => `${at}: env names ${JSON.stringify(names)}; expected ${JSON.stringify(want)} (then only healthcheck secrets or PGDATA)`,
  );
  // What the container sees for each earlier entry (secret values stand as <<KEY>>).
  const seen = new Map<string, string>();
  expected.forEach((x, i) => {
    const got = env[i];
    const where = `${at}: env ${x.name}`;
    if (x.kind === 'secretKeyRef') {
      check(got.value === undefined, `${where}: a literal value ${JSON.stringify(got.value)} instead of a secretKeyRef`);
      const ref = got.valueFrom?.secretKeyRef;
      check(
        ref?.name === secretName && ref?.key === x.key && ref?.optional === x.optional,
        () => `${where}: secretKeyRef ${JSON.stringify(ref)}; expected ${JSON.stringify({ name: secretName, key: x.key, optional: x.optional })}`,
      );
      seen.set(x.name, `<<${x.key}>>`);
      return;
    }
    const e = x.entry;
    check(typeof got.value === 'string', `${where}: expected a value, got ${JSON.stringify(got)}`);
    const meaning = e.kind === 'plain' && e.scalar !== undefined ? String(e.scalar) : meaningOf(e.pieces);
    if (e.kind === 'composite') {
      for (const piece of e.pieces) {
        if (piece.kind !== 'secret') continue;
        check(got.value.includes(`$(${piece.variable})`), `${where}: ${JSON.stringify(got.value)} does not use $(${piece.variable})`);
        const idx = env.findIndex((v) => v.name === piece.variable);
        check(
          idx >= 0 && idx < i && env[idx].valueFrom?.secretKeyRef?.key === piece.variable,
          `${where}: $(${piece.variable}) is not defined by a secretKeyRef entry before it`,
        );
      }
    } else if (!meaning.includes('$$')) {
      // The Kubernetes escape of a literal `$(` is `$$(`; nothing else needs escaping here.
      const written = meaning.replace(/\$\(/g, '$$$$(');
      check(got.value === written, () => `${where}: ${JSON.stringify(got.value)}; expected ${JSON.stringify(written)} (compose value ${JSON.stringify(meaning)})`);
    }
    const observed = kubernetesExpand(got.value, seen);
    check(
      observed === meaning,
      () => `${where}: the container sees ${JSON.stringify(observed)} (manifest ${JSON.stringify(got.value)}); compose gives ${JSON.stringify(meaning)}`,
    );
    seen.set(x.name, observed);
  });
}
