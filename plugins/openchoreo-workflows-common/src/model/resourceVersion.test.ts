import {
  compareResourceVersions,
  resourceVersionNumber,
} from './resourceVersion';

describe('resourceVersionNumber', () => {
  it('is the decimal integer the kube-apiserver writes, else undefined', () => {
    expect(resourceVersionNumber('123')).toBe('123');
    expect(resourceVersionNumber('9'.repeat(18))).toBe('9'.repeat(18));
    expect(resourceVersionNumber('0012')).toBeUndefined();
    expect(resourceVersionNumber('12a')).toBeUndefined();
    expect(resourceVersionNumber('1'.repeat(19))).toBeUndefined();
    expect(resourceVersionNumber('')).toBeUndefined();
    expect(resourceVersionNumber(undefined)).toBeUndefined();
  });
});

describe('compareResourceVersions', () => {
  it('orders decimal versions as integers, beyond what a double holds exactly', () => {
    expect(compareResourceVersions('10', '11')).toBe(-1);
    expect(compareResourceVersions('10', '10')).toBe(0);
    expect(compareResourceVersions('11', '10')).toBe(1);
    expect(compareResourceVersions('9', '10')).toBe(-1);
    expect(
      compareResourceVersions('900000000000000001', '900000000000000000'),
    ).toBe(1);
  });

  it('does not compare a version that is unknown or not decimal', () => {
    expect(compareResourceVersions(undefined, '5')).toBeUndefined();
    expect(compareResourceVersions('5', undefined)).toBeUndefined();
    expect(compareResourceVersions('abc', '5')).toBeUndefined();
    expect(compareResourceVersions('50', '0050')).toBeUndefined();
  });
});
