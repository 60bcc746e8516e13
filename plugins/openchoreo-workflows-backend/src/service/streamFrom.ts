import {
  LogStreamStart,
  RunDetail,
  RunLogsResponse,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ClusterState } from '../cluster/ClusterState';
import { RunArchive } from '../database/RunArchive';
import type { LogService } from './LogService';
import { lineKey, secondOf } from './podLogs';
import { storedTail } from './storedTail';

/** A window's `limit` that reaches the end of any log (offsets are at most 1e9). */
const TO_THE_END = 1_000_000_000;

/** Where a stream of one step's log starts, and whom to tell its line number. */
export interface StreamStart {
  /** A line number, or negative from the end. */
  offset: number;
  onStart: (start: LogStreamStart) => void;
}

/**
 * The start of a stream of one step's log from `from.offset`: the lines
 * from there to the end (read by chunk, the live pod's new lines appended
 * to the archive first), the second to follow the pod from, and how to read
 * what is new when the run ended. `seen` gets the stored tail's lines before
 * the window: not sent, but a pod followed from their second repeats them.
 */
export async function streamFrom(
  logs: LogService,
  archive: RunArchive,
  at: { cluster: ClusterState; run: RunDetail; task: string },
  from: StreamStart,
  seen: Set<string>,
): Promise<{
  initial: RunLogsResponse;
  sinceTime?: string;
  final: (run: RunDetail) => Promise<RunLogsResponse>;
}> {
  const { cluster, run, task } = at;
  const initial = await logs.readWindow(cluster, run, task, {
    offset: from.offset,
    limit: TO_THE_END,
  });
  const offset = initial.offset ?? 0;
  from.onStart({ task, offset, total: initial.total ?? 0 });
  const tail =
    (
      await storedTail(
        archive,
        {
          cluster: cluster.name,
          namespace: run.namespace,
          name: run.name,
          uid: run.uid,
        },
        task,
      )
    )?.lines ?? initial.lines;
  tail
    .slice(0, Math.max(tail.length - initial.lines.length, 0))
    .forEach(l => seen.add(lineKey(l)));
  const next = offset + initial.lines.length;
  return {
    initial,
    sinceTime: secondOf(tail[tail.length - 1]),
    final: r =>
      logs.readWindow(cluster, r, task, { offset: next, limit: TO_THE_END }),
  };
}
