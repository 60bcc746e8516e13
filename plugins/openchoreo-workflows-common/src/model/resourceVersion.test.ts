import {
  replacesResourceVersion,
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

describe('replacesResourceVersion', () => {
  it('lets the same or a newer version replace, never an older one', () => {
    expect(replacesResourceVersion('10', '11')).toBe(true);
    expect(replacesResourceVersion('10', '10')).toBe(true);
    expect(replacesResourceVersion('11', '10')).toBe(false);
  });

  it('compares as integers, beyond what a double holds exactly', () => {
    expect(replacesResourceVersion('9', '10')).toBe(true);
    expect(
      replacesResourceVersion('900000000000000001', '900000000000000000'),
    ).toBe(false);
  });

  it('lets the write win when either version is unknown or not decimal', () => {
    expect(replacesResourceVersion(undefined, '5')).toBe(true);
    expect(replacesResourceVersion('5', undefined)).toBe(true);
    expect(replacesResourceVersion('abc', '5')).toBe(true);
    expect(replacesResourceVersion('50', 'abc')).toBe(true);
  });
});
