import {
  generateRunName,
  idempotentSuffix,
  dns1123LabelProblem,
} from './names';

describe('run names', () => {
  it('generates DNS-1123 names of at most 63 characters', () => {
    const long =
      'a-very-long-workflow-name-that-goes-on-and-on-and-on-forever-and-ever';
    const name = generateRunName(long);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(dns1123LabelProblem(name)).toBeUndefined();
    expect(generateRunName('Docker_Build', 'abc')).toBe('docker-build-abc');
    expect(generateRunName('---', 'abc')).toBe('run-abc');
  });

  it('names what is wrong with a bad name', () => {
    expect(dns1123LabelProblem('Bad_Name')).toMatch(/DNS-1123/);
    expect(dns1123LabelProblem('a'.repeat(64))).toBe(
      'must be at most 63 characters (has 64)',
    );
    expect(dns1123LabelProblem('-x')).toMatch(/start and end/);
  });

  it('derives the same suffix for the same user and key only', () => {
    expect(idempotentSuffix('user:default/a', 'k1')).toBe(
      idempotentSuffix('user:default/a', 'k1'),
    );
    expect(idempotentSuffix('user:default/a', 'k1')).not.toBe(
      idempotentSuffix('user:default/b', 'k1'),
    );
  });
});
