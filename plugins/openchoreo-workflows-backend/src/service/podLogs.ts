import { LogLine } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Writable } from 'node:stream';
import { ClusterState } from '../cluster/ClusterState';
import { StepPod } from './stepPods';

/** The container of a step's pod that runs the step. */
const CONTAINER = 'main';

/** `2026-11-27T10:00:00.123Z some text` -> {timestamp, text} */
export function parseLogLine(task: string, raw: string): LogLine {
  const m = /^(\d{4}-\d{2}-\d{2}T\S+)\s(.*)$/.exec(raw);
  return m ? { task, timestamp: m[1], text: m[2] } : { task, text: raw };
}

/**
 * Reads only what is new since the last line we keep (`sinceTime`), then
 * drops the lines of that same second we already have (the API server's
 * `sinceTime` has second precision).
 */
export async function readIncrementally(
  cluster: ClusterState,
  p: StepPod,
  known: LogLine[],
): Promise<LogLine[]> {
  const last = known[known.length - 1]?.timestamp;
  const sinceTime = last ? `${last.slice(0, 19)}Z` : undefined;
  const text = await cluster.workflowPlane.readPodLog(
    p.namespace,
    p.pod,
    CONTAINER,
    {
      sinceTime,
    },
  );
  const fresh = text
    .split('\n')
    .filter(Boolean)
    .map(l => parseLogLine(p.task, l));
  if (!sinceTime) return fresh;
  const seen = new Set(known.map(l => `${l.timestamp}\n${l.text}`));
  return [
    ...known,
    ...fresh.filter(l => !seen.has(`${l.timestamp}\n${l.text}`)),
  ];
}

/** Follows one pod's log until it ends; resolves then, or when it cannot be followed (after `onFail`). */
export function followPod(
  cluster: ClusterState,
  p: StepPod,
  send: (line: LogLine) => void,
  controllers: AbortController[],
  onFail: () => void,
): Promise<void> {
  const out = new Writable({
    write: (chunk, _enc, cb) => {
      for (const raw of chunk.toString().split('\n').filter(Boolean)) {
        send(parseLogLine(p.task, raw));
      }
      cb();
    },
  });
  return new Promise<void>(resolve => {
    out.on('finish', () => resolve());
    out.on('close', () => resolve());
    cluster.workflowPlane
      .followPodLog(p.namespace, p.pod, CONTAINER, out)
      .then(c => controllers.push(c))
      .catch(() => {
        onFail();
        resolve();
      });
  });
}
