import { TestDatabases } from '@backstage/backend-test-utils';
import { LogLine } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { CHUNK_LINES } from '../database/logChunks';
import { RunArchive } from '../database/RunArchive';
import { storedTail } from './storedTail';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const ref = { cluster: 'c1', namespace: 'default', name: 'r', uid: 'u1' };

/** `count` lines of step `build`, the first `early` at second 10, the rest at second 20. */
const log = (count: number, early: number): LogLine[] =>
  Array.from({ length: count }, (_, i) => ({
    task: 'build',
    timestamp: `2026-11-30T10:00:${i < early ? '10' : '20'}.${String(
      i % 1000,
    ).padStart(3, '0')}000000Z`,
    text: `line ${i}`,
  }));

describe('storedTail', () => {
  it('is the last chunk when its first line is of an earlier second than its last', async () => {
    const archive = await RunArchive.forKnex(await databases.init('SQLITE_3'));
    await archive.saveLogs({ ...ref, task: 'build' }, log(3000, 2500), false);
    const tail = await storedTail(archive, ref, 'build');
    expect(tail?.offset).toBe(3000 - CHUNK_LINES);
    expect(tail?.lines).toHaveLength(CHUNK_LINES);
  });

  it('reaches back to the first line of the last second when it spans more than a chunk', async () => {
    // 2,500 lines in the last second: a pod read since that second sends
    // them all again, so all of them must be known to be dropped.
    const archive = await RunArchive.forKnex(await databases.init('SQLITE_3'));
    const lines = log(3000, 500);
    await archive.saveLogs({ ...ref, task: 'build' }, lines, false);
    const tail = await storedTail(archive, ref, 'build');
    expect(tail?.offset).toBeLessThanOrEqual(500);
    expect(tail?.lines).toEqual(lines.slice(tail?.offset));
  });

  it('is nothing for a step with no stored log', async () => {
    const archive = await RunArchive.forKnex(await databases.init('SQLITE_3'));
    expect((await storedTail(archive, ref, 'build'))?.lines ?? []).toEqual([]);
  });
});
