/**
 * One pass over a text that tells which rule families can possibly match it. On short texts the
 * fixed cost of asking 25 rules (a hint search or a gate regex each) dominated; this loop reads
 * each character once and lets most rules be skipped with a comparison. Features only ever
 * over-approximate: redaction tokens add no digit, `@`, `:` or `=`, so gating on the input's
 * features stays sound after earlier rules have rewritten it.
 */

export interface TextFeatures {
  /** Longest run of `[A-Za-z0-9_-]`: every vendor key is one run of at least 14. */
  wordRun: number;
  /** Longest run of base64/base64url characters. */
  base64Run: number;
  /** Longest run of digits, and all digits. */
  digitRun: number;
  digits: number;
  at: boolean;
  colons: number;
  equals: boolean;
  plus: boolean;
  dot: boolean;
}

const DIGIT = 1, WORD = 2, B64 = 4, AT = 8, COLON = 16, EQUALS = 32, PLUS = 64, DOT = 128;
/** Character classes of ASCII, one table lookup a character. */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const isDigit = c >= 48 && c <= 57;
  const isWord = isDigit || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
  CLASS[c] =
    (isDigit ? DIGIT : 0) | (isWord ? WORD : 0) | (isWord || c === 43 || c === 47 ? B64 : 0) |
    (c === 64 ? AT : 0) | (c === 58 ? COLON : 0) | (c === 61 ? EQUALS : 0) | (c === 43 ? PLUS : 0) | (c === 46 ? DOT : 0);
}

export function textFeatures(text: string): TextFeatures {
  let wordRun = 0, word = 0, base64Run = 0, b64 = 0, digitRun = 0, run = 0, digits = 0, colons = 0, seen = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const k = c < 128 ? CLASS[c] : 0;
    seen |= k;
    if (k & DIGIT) {
      digits++;
      if (++run > digitRun) digitRun = run;
    } else run = 0;
    if (k & WORD) {
      if (++word > wordRun) wordRun = word;
    } else word = 0;
    if (k & B64) {
      if (++b64 > base64Run) base64Run = b64;
    } else b64 = 0;
    if (k & COLON) colons++;
  }
  return {
    wordRun, base64Run, digitRun, digits, colons,
    at: (seen & AT) !== 0, equals: (seen & EQUALS) !== 0, plus: (seen & PLUS) !== 0, dot: (seen & DOT) !== 0,
  };
}
