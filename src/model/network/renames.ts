/**
 * Renamed services: a compose name that is not a DNS label (`app_db`) is served under its DNS name
 * (`app-db`), so every value that uses the old name as a host (host-uses.ts: a URL's host,
 * `host:port`, a host-like variable's whole value, an nginx `server`/`proxy_pass` target) is
 * rewritten to the new name, each rewrite reported; other occurrences (a database named like the
 * service) stay. Secret references are never read: text around them is rewritten in place (the host
 * of `postgres://u:${PW}@app_db/app`), but a value that is wholly secret cannot be inspected, which
 * is an attention item, as is the chance that an image carries the old name as a built-in default.
 */
import { ComposeProject, ComposeService, EnvEntry, Template } from '../../compose';
import { Diagnostics, show } from '../../diagnostics';
import { ConfigMapModel } from '../types';
import { isHostVariable, rewriteHosts } from './host-uses';
import { runsContainer, SECRET_MARK, templateText } from './uses';

/** Old compose name → new Service name, for the services whose name changes. */
export function renamedServices(project: ComposeProject, names: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...names].filter(([n, dns]) => n !== dns && project.services[n] && runsContainer(project.services[n])));
}

/** Variable names whose secret value may well hold a host (a URL, a DSN, a host name). */
const HOLDS_HOST = /(URL|URI|DSN|HOST|ADDR|ADDRESS|SERVER|CONNECTION|ENDPOINT)/i;

function rewriteTemplate(t: Template, renames: ReadonlyMap<string, string>, whole: boolean): { value: Template; count: number } {
  // A text that holds the mark itself cannot be split back: left as written.
  if (t.some((p) => typeof p === 'string' && p.includes(SECRET_MARK))) return { value: t, count: 0 };
  const { text, count } = rewriteHosts(templateText(t), renames, whole);
  if (count === 0) return { value: t, count };
  const texts = text.split(SECRET_MARK);
  const refs = t.filter((p) => typeof p !== 'string');
  const value: (string | Template[number])[] = [];
  texts.forEach((s, i) => {
    if (s !== '') value.push(s);
    if (i < refs.length) value.push(refs[i]);
  });
  return { value, count };
}

/** The project with every host use of a renamed service rewritten in environment, command and entrypoint values; reports each rewrite. */
export function renameHosts(project: ComposeProject, renames: ReadonlyMap<string, string>, d: Diagnostics): ComposeProject {
  if (renames.size === 0) return project;
  const list = [...renames].map(([from, to]) => `${show(from)} → ${show(to)}`).join(', ');
  const services: Record<string, ComposeService> = {};
  for (const [n, s] of Object.entries(project.services)) {
    const environment = s.environment.map((e): EnvEntry => {
      if (e.value === null) return e;
      const r = rewriteTemplate(e.value, renames, isHostVariable(e.name));
      if (r.count > 0) d.warn(e.source.file, e.source.path, `host name rewritten to the Kubernetes Service name (${list}) in ${e.name}`);
      else if (e.value.some((p) => typeof p !== 'string') && HOLDS_HOST.test(e.name)) {
        d.warn(
          e.source.file,
          e.source.path,
          `${e.name} takes a secret value, which is never read: if it names the host of a renamed service (${list}), change that host to the new name where the secret is created`,
          'renamed-host',
          n,
        );
      }
      return r.count > 0 ? { ...e, value: r.value } : e;
    });
    const argv = (key: 'command' | 'entrypoint') => {
      const t = s[key];
      if (!t) return t;
      return t.map((w, i) => {
        const r = rewriteTemplate(w, renames, false);
        if (r.count > 0) d.warn(s.source.file, `services.${n}.${key}[${i}]`, `host name rewritten to the Kubernetes Service name (${list})`);
        return r.value;
      });
    };
    services[n] = { ...s, environment, command: argv('command'), entrypoint: argv('entrypoint') };
  }
  for (const [from, to] of renames) {
    const s = project.services[from];
    d.warn(
      s.source.file,
      `services.${from}`,
      `renamed to ${show(to)} (a DNS label); every host use of ${show(from)} in the project's values and mounted files is rewritten, but the images may still use ${show(from)} as a built-in default host: set their host variable to ${show(to)} explicitly, or rename the service to ${show(to)} in compose`,
      'renamed-host',
      from,
    );
  }
  return { ...project, services };
}

/** The ConfigMaps made from a service's mounted files, with renamed hosts rewritten in their text; reports each rewrite. */
export function renameHostsInFiles(configMaps: readonly ConfigMapModel[], renames: ReadonlyMap<string, string>, file: string, service: string, d: Diagnostics): ConfigMapModel[] {
  if (renames.size === 0) return [...configMaps];
  return configMaps.map((cm) => {
    let changed = false;
    const data: Record<string, string> = {};
    for (const [k, v] of Object.entries(cm.data)) {
      const r = rewriteHosts(v, renames);
      data[k] = r.text;
      if (r.count > 0) {
        changed = true;
        d.warn(file, `services.${service}.volumes`, `host name rewritten to the Kubernetes Service name in ${cm.origin} (key ${k} of ConfigMap ${cm.name}): ${[...renames].map(([a, b]) => `${show(a)} → ${show(b)}`).join(', ')}`);
      }
    }
    return changed ? { ...cm, data } : cm;
  });
}
