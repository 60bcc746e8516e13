import { PodLogStore } from '../server/podLogs';

/**
 * Whose line it is: a container of a step's pod.
 *
 * @public
 */
export interface StepLogSource {
  /** The pod (in the Argo Workflow's namespace). */
  namespace: string;
  pod: string;
  container: string;
  /** The step as OpenChoreo names it in `status.tasks[].name`. */
  task: string;
  /** The WorkflowRun, from the Argo Workflow's `openchoreo.dev/workflowrun*` labels, when it has them. */
  run?: { namespace: string; name: string };
}

/**
 * Where the lines the simulated containers print go: the local control plane's
 * pod logs (served by `pods/log`), or, on a cluster without a kubelet, a log
 * store such as OpenChoreo's observer.
 *
 * @public
 */
export interface StepLogSink {
  write(source: StepLogSource, text: string): void;
  /** The container terminated (log followers end). */
  end(source: StepLogSource): void;
  /** The pod was deleted. */
  podGone(namespace: string, pod: string): void;
  /** Resolves once everything written so far was delivered. */
  flush(): Promise<void>;
}

/**
 * Lines into the local control plane's pod logs.
 *
 * @public
 */
export function podLogSink(logs: PodLogStore): StepLogSink {
  return {
    write: (s, text) => logs.append(s.namespace, s.pod, s.container, text),
    end: s => logs.close(s.namespace, s.pod, s.container),
    podGone: (namespace, pod) => logs.deletePod(namespace, pod),
    flush: async () => {},
  };
}

/** One entry of the stub gateway's test observer (see tools/openchoreo-manager/stub-gateway). */
interface ObserverEntry {
  namespace: string;
  workflowRunName: string;
  taskName: string;
  podNamespace: string;
  podName: string;
  containerName: string;
  timestamp: string;
  log: string;
}

/**
 * The loopback-only feed of the stub gateway's test observer.
 *
 * @public
 */
export const OBSERVER_FEED_PATH = '/_stub/observer/logs';
const BATCH_DELAY_MS = 50;

/**
 * Lines of the `main` containers of OpenChoreo's runs into the stub gateway's
 * test observer, which answers `POST /api/v1/logs/query` as OpenChoreo's
 * observer does: where there is no kubelet to serve `pods/log`, this is where
 * a run's logs are. Lines are sent in batches, in order; a failed send is
 * reported to `onError` and not retried.
 *
 * @public
 */
export function observerLogSink(
  gatewayUrl: string,
  onError: (message: string) => void = () => {},
): StepLogSink {
  let pending: ObserverEntry[] = [];
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  const send = () => {
    clearTimeout(timer);
    timer = undefined;
    const logs = pending;
    pending = [];
    if (!logs.length) return chain;
    chain = chain.then(async () => {
      try {
        const res = await fetch(new URL(OBSERVER_FEED_PATH, gatewayUrl), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ logs }),
        });
        if (!res.ok)
          onError(`observer feed: HTTP ${res.status} ${await res.text()}`);
      } catch (e) {
        onError(`observer feed: ${e}`);
      }
    });
    return chain;
  };
  return {
    write(s, text) {
      if (s.container !== 'main' || !s.run) return;
      const timestamp = new Date().toISOString();
      for (const line of text.split('\n')) {
        pending.push({
          namespace: s.run.namespace,
          workflowRunName: s.run.name,
          taskName: s.task,
          podNamespace: s.namespace,
          podName: s.pod,
          containerName: s.container,
          timestamp,
          log: line,
        });
      }
      timer ??= setTimeout(send, BATCH_DELAY_MS);
    },
    end: () => {},
    podGone: () => {},
    flush: () => send(),
  };
}
