import { KubeObject } from '../server/types';
import { isoNow, Json } from './argoTemplates';

/** What Argo's pods look like, enough for the plugin (labels, node annotations, containers). */
const EXECUTOR_IMAGE = 'quay.io/argoproj/argoexec:v3.6.5';

export function podManifest(args: {
  wf: KubeObject;
  template: Json;
  node: Json;
  container: Json;
  podName: string;
}): KubeObject {
  const { wf, template, node, container, podName } = args;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podName,
      namespace: wf.metadata.namespace!,
      labels: {
        'workflows.argoproj.io/workflow': wf.metadata.name,
        'workflows.argoproj.io/completed': 'false',
        ...(template.metadata?.labels ?? {}),
      },
      annotations: {
        'workflows.argoproj.io/node-name': node.name,
        'workflows.argoproj.io/node-id': node.id,
        'kubectl.kubernetes.io/default-container': 'main',
        ...(template.metadata?.annotations ?? {}),
      },
      ownerReferences: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Workflow',
          name: wf.metadata.name,
          uid: wf.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      serviceAccountName: (wf as any).spec?.serviceAccountName ?? 'default',
      nodeName: 'local-node',
      restartPolicy: 'Never',
      initContainers: [
        { name: 'init', image: EXECUTOR_IMAGE, command: ['argoexec', 'init'] },
      ],
      containers: [
        { name: 'wait', image: EXECUTOR_IMAGE, command: ['argoexec', 'wait'] },
        {
          name: 'main',
          image: container.image ?? 'busybox',
          ...(container.command ? { command: container.command } : {}),
          ...(container.args ? { args: container.args } : {}),
          ...(template.script?.source
            ? { args: [template.script.source] }
            : {}),
        },
      ],
    },
  };
}

/** Pod status for a running (`state.running`) or finished (`state.terminated`) main container. */
export function podStatus(pod: KubeObject, phase: string, state: Json): Json {
  const terminated = !!state.terminated;
  const sidecarState = terminated
    ? { terminated: { exitCode: 0, reason: 'Completed' } }
    : { running: { startedAt: isoNow() } };
  return {
    phase,
    hostIP: '127.0.0.1',
    podIP: '10.42.0.10',
    startTime: (pod as any).status?.startTime ?? isoNow(),
    conditions: [
      {
        type: 'Ready',
        status: terminated ? 'False' : 'True',
        lastTransitionTime: isoNow(),
      },
    ],
    initContainerStatuses: [
      {
        name: 'init',
        ready: true,
        restartCount: 0,
        image: EXECUTOR_IMAGE,
        state: { terminated: { exitCode: 0, reason: 'Completed' } },
      },
    ],
    containerStatuses: ['wait', 'main'].map(c => ({
      name: c,
      ready: !terminated,
      restartCount: 0,
      started: !terminated,
      image:
        c === 'main'
          ? (pod as any).spec.containers[1]?.image ?? 'busybox'
          : EXECUTOR_IMAGE,
      state: c === 'main' ? state : sidecarState,
    })),
  };
}

let lastEventNanos = 0n;

/**
 * An event's name as client-go's recorder gives it: the object's name and the
 * event's time in nanoseconds as hex (`fetch-1234.18a2b3c4d5e6f708`). The
 * API server lists by name, so one object's events come back in the order
 * they were written; the nanoseconds here strictly increase so that two
 * events of the same millisecond keep that order too.
 */
function eventName(object: string): string {
  const now = BigInt(Date.now()) * 1_000_000n;
  lastEventNanos = now > lastEventNanos ? now : lastEventNanos + 1n;
  return `${object}.${lastEventNanos.toString(16)}`;
}

/** A core v1 Event about a pod, as the scheduler/kubelet write them. */
export function podEvent(
  pod: KubeObject,
  type: string,
  reason: string,
  message: string,
): KubeObject {
  const ts = isoNow();
  const component = reason === 'Scheduled' ? 'default-scheduler' : 'kubelet';
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: eventName(pod.metadata.name),
      namespace: pod.metadata.namespace,
    },
    involvedObject: {
      apiVersion: 'v1',
      kind: 'Pod',
      name: pod.metadata.name,
      namespace: pod.metadata.namespace,
      uid: pod.metadata.uid,
    },
    reason,
    message,
    type,
    count: 1,
    firstTimestamp: ts,
    lastTimestamp: ts,
    source: { component, host: 'local-node' },
    reportingComponent: component,
  } as KubeObject;
}
