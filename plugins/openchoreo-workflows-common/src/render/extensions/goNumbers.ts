/**
 * Go's float formatting (`strconv.FormatFloat` 'f' -1, `fmt` `%.Nf` and
 * `%1.Ne`), exact on the binary value and rounding half to even as Go does
 * (JavaScript's toFixed rounds ties away from zero and switches to
 * exponent form from 1e21 on).
 */

/** The exact value of a finite double as num / den (den a power of two). */
function exactRational(x: number): { num: bigint; den: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let shift: number;
  if (exponent === 0) {
    shift = -1074;
  } else {
    mantissa |= 1n << 52n;
    shift = exponent - 1075;
  }
  if (shift >= 0) return { num: mantissa << BigInt(shift), den: 1n };
  return { num: mantissa, den: 1n << BigInt(-shift) };
}

function roundHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const twice = (num % den) * 2n;
  if (twice > den || (twice === den && q % 2n === 1n)) return q + 1n;
  return q;
}

function signOf(x: number): string {
  return x < 0 || Object.is(x, -0) ? '-' : '';
}

/** Go `fmt.Sprintf("%.<precision>f", x)` for a finite x. */
export function goFixed(x: number, precision: number): string {
  const { num, den } = exactRational(x);
  const digits = roundHalfEven(num * 10n ** BigInt(precision), den)
    .toString()
    .padStart(precision + 1, '0');
  const whole = digits.slice(0, digits.length - precision);
  const frac = digits.slice(digits.length - precision);
  return `${signOf(x)}${whole}${precision > 0 ? `.${frac}` : ''}`;
}

/** Go `fmt.Sprintf("%1.<precision>e", x)` for a finite x. */
export function goScientific(x: number, precision: number): string {
  let exp = 0;
  let digits = 0n;
  if (x !== 0) {
    const { num, den } = exactRational(x);
    exp = Math.floor(Math.log10(Math.abs(x)));
    const low = 10n ** BigInt(precision);
    for (;;) {
      const scale = exp - precision;
      digits =
        scale >= 0
          ? roundHalfEven(num, den * 10n ** BigInt(scale))
          : roundHalfEven(num * 10n ** BigInt(-scale), den);
      if (digits >= low * 10n) exp += 1;
      else if (digits < low) exp -= 1;
      else break;
    }
  }
  const text = digits.toString().padStart(precision + 1, '0');
  const mantissa = precision > 0 ? `${text[0]}.${text.slice(1)}` : text;
  const absExp = Math.abs(exp);
  return `${signOf(x)}${mantissa}e${exp < 0 ? '-' : '+'}${
    absExp < 10 ? `0${absExp}` : absExp
  }`;
}

/** Go `strconv.FormatFloat(x, 'f', -1, 64)`: the shortest digits, never an exponent. */
export function goShortestFixed(x: number): string {
  if (x === 0) return signOf(x) ? '-0' : '0';
  const [mantissa, expText] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exp = Number(expText);
  let text: string;
  if (exp < 0) {
    text = `0.${'0'.repeat(-exp - 1)}${digits}`;
  } else if (digits.length <= exp + 1) {
    text = digits + '0'.repeat(exp + 1 - digits.length);
  } else {
    text = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  return signOf(x) + text;
}
