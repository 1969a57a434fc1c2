/**
 * Standalone claims or volumeClaimTemplates. A StatefulSet's `volumeClaimTemplates` are immutable
 * (Kubernetes 1.28): adding a volume or growing its size would be refused on the next apply. So a
 * stateful service with one replica mounts standalone claims, as a Deployment does (a claim's size
 * may grow in place, a new volume is a new claim), and stays a StatefulSet for its stable identity
 * and OrderedReady rollout; only a StatefulSet that can run more than one replica (`replicas > 1`,
 * or an autoscaler, whose `max` is always above 1) needs one claim per replica, from templates. The
 * README ("What is upgrade-safe") gives the resize procedure for that case.
 */
import { ComposeService } from '../../compose';
import { ServiceX } from '../extensions';
import { WorkloadKind } from '../types';

export function usesClaimTemplates(kind: WorkloadKind, replicas: number, s: ComposeService, x: ServiceX): boolean {
  if (kind !== 'StatefulSet') return false;
  const autoscaled = x.autoscale !== undefined || s.labels['kompose.hpa.replicas.max'] !== undefined;
  return replicas > 1 || autoscaled;
}
