/**
 * Reads an output folder the way kubectl reads it (YAML 1.1, every document of every `*.yaml` /
 * `*.yml` file at the top level; `kustomization.yaml` is configuration, not an object).
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAll, YAML11_SCHEMA } from 'js-yaml';
import type { Diagnostic } from '../diagnostics';
import type { K8sObject } from '../output/render';
import { isMap, mapOf, mapsOf, str } from './objects';

const KUSTOMIZATION_FILES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

export interface FolderObjects {
  readonly objects: K8sObject[];
  /** Files that do not parse, documents that are no Kubernetes object; `file` = the file name. */
  readonly problems: Diagnostic[];
  /** The file (name in the folder) each object was read from. */
  readonly fileOf: ReadonlyMap<K8sObject, string>;
}

function asObject(doc: unknown): K8sObject | undefined {
  if (!isMap(doc)) return undefined;
  const name = str(mapOf(doc.metadata).name);
  if (str(doc.apiVersion) === undefined || str(doc.kind) === undefined || name === undefined) return undefined;
  return doc as K8sObject;
}

/** Every Kubernetes object in the top-level YAML files of `dir` (a `kind: List` counts as its items). */
export function readFolder(dir: string): FolderObjects {
  const objects: K8sObject[] = [];
  const problems: Diagnostic[] = [];
  const fileOf = new Map<K8sObject, string>();
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => /\.ya?ml$/.test(n) && !KUSTOMIZATION_FILES.has(n) && fs.statSync(path.join(dir, n)).isFile()).sort();
  } catch (e) {
    return { objects, fileOf, problems: [{ severity: 'error', path: dir, message: `cannot read the folder: ${(e as Error).message}` }] };
  }
  for (const name of names) {
    let docs: unknown[];
    try {
      docs = loadAll(fs.readFileSync(path.join(dir, name), 'utf8'), { schema: YAML11_SCHEMA, filename: name });
    } catch (e) {
      problems.push({ severity: 'error', file: name, message: `cannot read YAML: ${(e as Error).message.split('\n')[0]}` });
      continue;
    }
    docs.forEach((doc, i) => {
      if (doc === null || doc === undefined) return;
      const items = isMap(doc) && doc.kind === 'List' && Array.isArray(doc.items) ? mapsOf(doc.items) : [doc];
      for (const item of items) {
        if (isMap(item) && str(item.apiVersion)?.startsWith('kustomize.config.k8s.io/')) continue;
        const o = asObject(item);
        if (o) {
          objects.push(o);
          fileOf.set(o, name);
        } else problems.push({ severity: 'error', file: name, message: `document ${i + 1} is not a Kubernetes object (apiVersion, kind and metadata.name are required)` });
      }
    });
  }
  return { objects, problems, fileOf };
}
