import { parseTtl } from './ttl';

describe('parseTtl', () => {
  it('reads days, hours, minutes and seconds in the CRD pattern', () => {
    expect(parseTtl('1d12h')).toBe(36 * 3600_000);
    expect(parseTtl('30m15s')).toBe((30 * 60 + 15) * 1000);
    expect(parseTtl('0s')).toBe(0);
  });

  it('is undefined when empty, absent or not of that form', () => {
    expect(parseTtl('')).toBeUndefined();
    expect(parseTtl(undefined)).toBeUndefined();
    expect(parseTtl('1h1d')).toBeUndefined();
    expect(parseTtl('10')).toBeUndefined();
  });
});
