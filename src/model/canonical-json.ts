/**
 * The canonical form of a value and its hash: what Job names and the config-hash annotation are
 * derived from, so that equal inputs give equal names on every run and machine.
 */
import * as crypto from 'crypto';
import { remembered } from './remembered';

/**
 * Node's one-shot hash (crypto.hash, Node 20.12 and later), where there is one: the same digest as
 * a Hash object without the stream machinery around it, which a synth runs cold for every Job.
 */
const oneShotHash: typeof crypto.hash | undefined = typeof crypto.hash === 'function' ? crypto.hash : undefined;

/** Hex SHA-256 of a text (UTF-8). */
export function sha256Hex(text: string): string {
  return oneShotHash !== undefined ? oneShotHash('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex');
}

/** A key as JSON text, remembered by key: the same few keys (`name`, `image`, `env` …) recur in every object hashed. */
const jsonKey = remembered((k: string) => JSON.stringify(k));

/** JSON with sorted keys (and `undefined` members left out): the canonical form hashed for Job names. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) {
    // As `v.map(canonicalJson).join(',')`: an element that has no JSON (undefined) is written empty.
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out += ',';
      const x = canonicalJson(v[i]) as string | undefined;
      if (x !== undefined) out += x;
    }
    return `${out}]`;
  }
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    // Keys in code-unit order (the default sort of strings); undefined values left out.
    let out = '{';
    for (const k of Object.keys(o).sort()) {
      const x = o[k];
      if (x === undefined) continue;
      if (out.length > 1) out += ',';
      out += `${jsonKey(k)}:${canonicalJson(x)}`;
    }
    return `${out}}`;
  }
  return JSON.stringify(v);
}
