/** One workload of the model → its controller (Deployment, StatefulSet, DaemonSet or Job). */
// The L1 classes only: loading all of cdk8s-plus-28 (its L2 constructs) costs ~100 ms per run.
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { KEEP_STATE_ANNOTATIONS } from '../src/model/gitops';
import { headlessName } from '../src/model/collisions';
import { AppModel, Workload } from '../src/model/types';
import { metadata, selectorLabels, workloadLabels } from './labels';
import { podSpec } from './pod';
import { ObjectSink } from './sink';
import { claimSpec } from './storage';

/** Seconds a Deployment may take to roll out (image pull + migration wait + start). */
export const PROGRESS_DEADLINE_SECONDS = 900;
/** Old ReplicaSets kept for `kubectl rollout undo`. */
export const REVISION_HISTORY_LIMIT = 3;

/** Why an init Job carries no ttlSecondsAfterFinished (kube-linter asks for one). */
const JOB_TTL_REASON = 'GitOps-managed Job: deleting it after a TTL makes Argo CD or Flux re-create it and run it again';

export function headlessServiceName(w: Workload): string {
  return headlessName(w.service);
}

/** The workload's controller, as the object `Resource` of its own group (construct) `out`. */
export function addWorkload(out: ObjectSink, app: AppModel, w: Workload): void {
  const labels = workloadLabels(app, w);
  const selector = selectorLabels(app, w);
  const template = {
    metadata: { labels: { ...labels, ...w.podLabels }, ...(Object.keys(w.podAnnotations).length > 0 ? { annotations: { ...w.podAnnotations } } : {}) },
    spec: podSpec(w.pod, { matchLabels: selector }),
  };
  const meta = metadata(app, w.kind, w.name, labels, w, { ...w.annotations, ...(w.kind === 'StatefulSet' ? KEEP_STATE_ANNOTATIONS : {}) });
  switch (w.kind) {
    case 'Deployment':
      out.add(k8s.KubeDeployment, 'Resource', {
        metadata: meta,
        spec: {
          // An autoscaler owns the replica count: writing it would make GitOps and the HPA fight.
          ...(w.autoscale ? {} : { replicas: w.replicas }),
          selector: { matchLabels: selector },
          ...(w.strategy
            ? {
                strategy:
                  w.strategy.type === 'Recreate'
                    ? { type: 'Recreate' }
                    : {
                        type: 'RollingUpdate',
                        rollingUpdate: { maxSurge: intOrString(w.strategy.maxSurge), maxUnavailable: intOrString(w.strategy.maxUnavailable) },
                      },
              }
            : {}),
          progressDeadlineSeconds: PROGRESS_DEADLINE_SECONDS,
          revisionHistoryLimit: REVISION_HISTORY_LIMIT,
          template,
        },
      });
      break;
    case 'StatefulSet':
      out.add(k8s.KubeStatefulSet, 'Resource', {
        metadata: meta,
        spec: {
          ...(w.autoscale ? {} : { replicas: w.replicas }),
          serviceName: headlessServiceName(w),
          selector: { matchLabels: selector },
          podManagementPolicy: 'OrderedReady',
          updateStrategy: { type: 'RollingUpdate' },
          persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
          revisionHistoryLimit: REVISION_HISTORY_LIMIT,
          template,
          ...(w.claimTemplates.length > 0
            ? { volumeClaimTemplates: w.claimTemplates.map((c) => ({ metadata: { name: c.name, labels: selector }, spec: claimSpec(c) })) }
            : {}),
        },
      });
      break;
    case 'DaemonSet':
      out.add(k8s.KubeDaemonSet, 'Resource', {
        metadata: meta,
        spec: { selector: { matchLabels: selector }, updateStrategy: { type: 'RollingUpdate' }, revisionHistoryLimit: REVISION_HISTORY_LIMIT, template },
      });
      break;
    case 'Job': {
      const job = w.job ?? { backoffLimit: 3, role: 'task' as const };
      out.add(k8s.KubeJob, 'Resource', {
        metadata: metadata(app, w.kind, w.name, labels, w, {
          ...w.annotations,
          'ignore-check.kube-linter.io/job-ttl-seconds-after-finished': JOB_TTL_REASON,
        }),
        spec: {
          backoffLimit: job.backoffLimit,
          ...(job.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: job.activeDeadlineSeconds } : {}),
          template,
        },
      });
      break;
    }
  }
}

function intOrString(v: number | string): k8s.IntOrString {
  return typeof v === 'number' ? k8s.IntOrString.fromNumber(v) : k8s.IntOrString.fromString(v);
}
