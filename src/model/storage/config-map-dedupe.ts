/** ConfigMaps planned more than once under one name (by several services or sources). */
import { Diagnostics, show } from '../../diagnostics';
import { canonicalJson } from '../canonical-json';
import { ConfigMapModel } from '../types';

/**
 * One ConfigMap per name, in order of first appearance (the last one planned under a name wins); two
 * of one name with different data (or binaryData) are an error naming both origins.
 */
export function dedupeConfigMaps(cms: readonly ConfigMapModel[], d: Diagnostics): ConfigMapModel[] {
  const out = new Map<string, ConfigMapModel>();
  for (const cm of cms) {
    const prev = out.get(cm.name);
    if (prev && canonicalJson([prev.data, prev.binaryData]) !== canonicalJson([cm.data, cm.binaryData])) {
      d.error(undefined, undefined, `two ConfigMaps would be named ${show(cm.name)} (from ${prev.origin} and ${cm.origin}); rename one of the sources`);
    }
    out.set(cm.name, cm);
  }
  return [...out.values()];
}
