import { CHUNK_LINES, StepLog } from '../database/logChunks';
import { RunArchive, RunRef } from '../database/RunArchive';
import { secondOf } from './podLogs';

/** How far back a tail reaches for its last second: 100 chunks (100,000 lines). */
const MAX_CHUNKS = 100;

/**
 * The stored end of a step's log that an incremental pod read needs: the
 * last chunk, and further back while its first line is in the same second
 * as its last (the pod log's `sinceTime` has second precision, so every
 * line of that second comes again and must be known to be dropped).
 */
export async function storedTail(
  archive: RunArchive,
  ref: RunRef,
  task: string,
): Promise<StepLog | undefined> {
  let tail = await archive.getLogRange(ref, {
    task,
    offset: -CHUNK_LINES,
    limit: CHUNK_LINES,
  });
  for (let chunks = 1; tail && chunks < MAX_CHUNKS; chunks++) {
    const last = secondOf(tail.lines[tail.lines.length - 1]);
    if (tail.offset === 0 || !last || secondOf(tail.lines[0]) !== last) break;
    const start = Math.max(tail.offset - CHUNK_LINES, 0);
    const before = await archive.getLogRange(ref, {
      task,
      offset: start,
      limit: tail.offset - start,
    });
    if (!before?.lines.length) break;
    tail = { ...tail, lines: [...before.lines, ...tail.lines], offset: start };
  }
  return tail;
}
