import { hasDigitRun, hasThreeDigitExponent } from './number-text-scan';

// The scans replace regular expressions (slow on V8's linear engine over text of many NULs or emoji): each must
// answer as its pattern did, on every text.

/** A small deterministic generator, so a failure names a string that can be made again. */
function strings(count: number, alphabet: readonly string[], maxLength: number): string[] {
  let seed = 987654321;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    let s = '';
    for (let len = next() % maxLength; len > 0; len--) s += alphabet[next() % alphabet.length];
    out.push(s);
  }
  return out;
}

const TEXTS = [
  ...strings(20_000, ['0', '0', '7', 'e', 'E', '+', '-', '\u0000', '\\u0000', '\ud83d', '\ude00', '\ufdd0', '\u0660', '\uff11'], 40),
  ...strings(5_000, ['0', '1', 'x'], 40),
  '',
  'e',
  'e-',
  'e-12',
  'E+123',
  '0'.repeat(15),
  '0'.repeat(16),
  `${'1'.repeat(15)}0`,
];

describe.each([
  ['/\\d{16}/', /\d{16}/, (text: string) => hasDigitRun(text, 16)],
  ['/0{16}/', /0{16}/, (text: string) => hasDigitRun(text, 16, true)],
  ['/[eE][+-]?\\d{3}/', /[eE][+-]?\d{3}/, (text: string) => hasThreeDigitExponent(text, 'optional')],
  ['/[eE]-\\d{3}/', /[eE]-\d{3}/, (text: string) => hasThreeDigitExponent(text, 'minus')],
])('the scan standing for %s', (_name, pattern, scan) => {
  it('answers as the pattern on digits, exponents, NULs, surrogates and look-alike digits', () => {
    for (const text of TEXTS) expect([text, scan(text)]).toEqual([text, pattern.test(text)]);
  });

  it('answers as the pattern at the very end of megabytes of escapes', () => {
    const escapes = 'ab\\u0000\\ud83d\\ude00"'.repeat(20_000);
    for (const tail of ['', '1234567890123456', '0000000000000000', 'e123', 'E-123', 'e+12', 'x1e-1000']) {
      expect([tail, scan(escapes + tail)]).toEqual([tail, pattern.test(escapes + tail)]);
    }
  });
});
