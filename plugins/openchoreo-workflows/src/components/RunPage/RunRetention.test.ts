import { runDetail, runningRun } from '../../testUtils';
import { retentionText } from './RunRetention';

describe('retentionText', () => {
  const completedAt = '2026-11-27T08:03:10Z';
  const hourLater = Date.parse(completedAt) + 3600e3;

  it('says when OpenChoreo deletes a finished run: completedAt + ttlAfterCompletion', () => {
    const text = retentionText(
      runDetail({ completedAt, ttlAfterCompletion: '1d' }),
      hourLater,
    );
    expect(text).toMatch(
      /^OpenChoreo deletes this run from the cluster in 23 hours \(.+\), 1d after it finished \(ttlAfterCompletion\); its history .* stays here\.$/,
    );
  });

  it('reads days, hours, minutes and seconds as OpenChoreo does', () => {
    const text = retentionText(
      runDetail({ completedAt, ttlAfterCompletion: '1h30m' }),
      hourLater,
    );
    expect(text).toContain('in 30 minutes');
  });

  it('says a running run is deleted that long after it finishes', () => {
    expect(
      retentionText(runningRun({ ttlAfterCompletion: '7d' }), hourLater),
    ).toMatch(
      /^OpenChoreo deletes this run from the cluster 7d after it finishes/,
    );
  });

  it('says a run out of the cluster keeps its history here', () => {
    expect(
      retentionText(runDetail({ archived: true, ttlAfterCompletion: '1d' })),
    ).toMatch(
      /^This run is no longer in the cluster; its history .* stays here\.$/,
    );
  });

  it('says a finished run without a TTL stays until deleted, and nothing for a run not yet rendered', () => {
    expect(retentionText(runDetail())).toMatch(
      /^OpenChoreo keeps this run in the cluster until someone deletes it/,
    );
    expect(
      retentionText(
        runDetail({ phase: 'Pending', tasks: [], runReference: undefined }),
      ),
    ).toBe('');
  });
});
