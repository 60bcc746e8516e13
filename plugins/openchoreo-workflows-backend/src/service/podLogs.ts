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

/** What identifies a line sent (a pod followed again may repeat lines). */
export const lineKey = (line: LogLine) =>
  `${line.task}\n${line.timestamp}\n${line.text}`;

/** The second of `line`'s time, as the API server's `sinceTime` takes it. */
export const secondOf = (line?: LogLine) =>
  line?.timestamp ? `${line.timestamp.slice(0, 19)}Z` : undefined;

/**
 * Reads only what is new since the last line we keep (`sinceTime`), then
 * drops the lines of that same second we already have (the API server's
 * `sinceTime` has second precision). `known` is the kept log from line
 * `offset` on (its tail is enough: lines of its last second beyond it would
 * be read twice); the answer is the log from the returned `offset` on (0 when
 * nothing kept has a time, and the whole log is read).
 */
export async function readIncrementally(
  cluster: ClusterState,
  p: StepPod,
  known: { lines: LogLine[]; offset: number },
): Promise<{ lines: LogLine[]; offset: number }> {
  const sinceTime = secondOf(known.lines[known.lines.length - 1]);
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
  if (!sinceTime) return { lines: fresh, offset: 0 };
  const seen = new Set(known.lines.map(l => `${l.timestamp}\n${l.text}`));
  return {
    lines: [
      ...known.lines,
      ...fresh.filter(l => !seen.has(`${l.timestamp}\n${l.text}`)),
    ],
    offset: known.offset,
  };
}

/**
 * Follows one pod's log until it ends (from `sinceTime` on, second
 * precision, when given); resolves then, or when it cannot be followed
 * (after `onFail`).
 */
export function followPod(
  cluster: ClusterState,
  p: StepPod,
  send: (line: LogLine) => void,
  controllers: AbortController[],
  onFail: () => void,
  sinceTime?: string,
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
      .followPodLog(p.namespace, p.pod, CONTAINER, out, sinceTime)
      .then(c => controllers.push(c))
      .catch(() => {
        onFail();
        resolve();
      });
  });
}
