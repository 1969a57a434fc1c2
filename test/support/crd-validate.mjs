// Validates custom resources against their CRD the way the API server does: the version's OpenAPI v3
// schema (with its defaults applied first, unknown fields refused as kubectl's strict field
// validation does), the x-kubernetes-list-type uniqueness rules, and the CEL rules in
// x-kubernetes-validations (transition rules, which need oldSelf, do not apply to a create).
// An ES module because the CEL evaluator is one; the jest tests run it with node.
// Input (stdin): {"crd": "path/to/crd.yaml", "objects": [...]}. Output (stdout): {"results": one list of problems
// per object, "rules": how many CEL rules the CRD has, "unparsable": the rules the evaluator cannot parse and check}.
import * as fs from 'node:fs';
import Ajv from 'ajv';
import { load as loadYaml } from 'js-yaml';
import { evaluate, parse } from '@marcbachmann/cel-js';

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const crd = loadYaml(fs.readFileSync(input.crd, 'utf8'));

/** A copy of the schema for ajv: objects with properties refuse unknown fields (strict field validation). */
function strictCopy(schema) {
  if (Array.isArray(schema)) return schema.map(strictCopy);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, strictCopy(s)])) : strictCopy(v);
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}

/** The value as CEL sees it: integers of the schema as CEL ints (BigInt). */
function toCel(schema, value) {
  if (value === null || value === undefined) return value;
  if (schema?.type === 'integer' && typeof value === 'number') return BigInt(value);
  if (Array.isArray(value)) return value.map((v) => toCel(schema?.items, v));
  if (typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = toCel(schema?.properties?.[k] ?? (typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined), v);
    return out;
  }
  return value;
}

/**
 * cel-js 8.0.0 accepts in has() only a selection rooted at an identifier (`has(f.a.b)`), and refuses
 * one rooted at an index (`has(self.matches[0].path)`, which cel-go accepts). On JSON objects, which
 * CEL treats as maps, `has(m.f)` is by the CEL specification the same test as `'f' in m`: rewritten so.
 */
function portable(rule) {
  return rule.replace(/has\(([A-Za-z_][A-Za-z0-9_.]*\[[0-9]+\][A-Za-z0-9_.[\]]*)\.([A-Za-z_][A-Za-z0-9_]*)\)/g, "('$2' in $1)");
}

function walk(schema, value, path, problems) {
  if (!schema || value === undefined) return;
  for (const rule of schema['x-kubernetes-validations'] ?? []) {
    if (/\boldSelf\b/.test(rule.rule)) continue;
    let failure;
    try {
      if (evaluate(portable(rule.rule), { self: toCel(schema, value) }) !== true) failure = rule.message ?? rule.rule;
    } catch (e) {
      failure = `${rule.message ?? rule.rule} (the rule could not be evaluated: ${String(e.message).split('\n')[0]})`;
    }
    if (failure !== undefined) problems.push(`${path}: ${failure}`);
  }
  if (Array.isArray(value)) {
    const type = schema['x-kubernetes-list-type'];
    const keyOf = (v) => JSON.stringify(type === 'map' ? (schema['x-kubernetes-list-map-keys'] ?? []).map((k) => v?.[k]) : v);
    if (type === 'map' || type === 'set') {
      const seen = new Set();
      value.forEach((v, i) => {
        const key = keyOf(v);
        if (seen.has(key)) problems.push(`${path}[${i}]: duplicate entry ${key} in a list of type ${type}`);
        seen.add(key);
      });
    }
    value.forEach((v, i) => walk(schema.items, v, `${path}[${i}]`, problems));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const sub = schema.properties?.[k] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      walk(sub, v, `${path}.${k}`, problems);
    }
  }
}

const ajv = new Ajv({ strict: false, allErrors: true, useDefaults: true, validateFormats: false });
const validators = new Map();
const results = input.objects.map((obj) => {
  const [group, version] = String(obj.apiVersion).split('/');
  if (group !== crd.spec.group || obj.kind !== crd.spec.names.kind) return [`${obj.apiVersion} ${obj.kind} is not a ${crd.spec.group} ${crd.spec.names.kind}`];
  const v = crd.spec.versions.find((x) => x.name === version && x.served);
  if (!v) return [`version ${version} is not served by the CRD`];
  if (!validators.has(version)) validators.set(version, { schema: v.schema.openAPIV3Schema, validate: ajv.compile(strictCopy(v.schema.openAPIV3Schema)) });
  const { schema, validate } = validators.get(version);
  const defaulted = structuredClone(obj);
  const problems = [];
  if (!validate(defaulted)) for (const e of validate.errors) problems.push(`${e.instancePath || '/'}: ${e.message}${e.params?.additionalProperty ? ` "${e.params.additionalProperty}"` : ''}`);
  walk(schema, defaulted, 'self', problems);
  return problems;
});
const rules = [];
(function collect(n) {
  if (Array.isArray(n)) n.forEach(collect);
  else if (n !== null && typeof n === 'object') {
    for (const r of n['x-kubernetes-validations'] ?? []) rules.push(r.rule);
    Object.values(n).forEach(collect);
  }
})(crd.spec.versions);
const unparsable = rules.filter((r) => {
  try {
    return parse(portable(r)).check().valid !== true;
  } catch {
    return true;
  }
});
process.stdout.write(JSON.stringify({ results, rules: rules.length, unparsable }));
