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
  /**
   * Longest such run with a character outside lowercase hex and `-` (`g`-`z`, `A`-`Z`, `_`):
   * every vendor key has one (`sk-lf-…` its prefix), while UUIDs, span ids and digests do not.
   */
  keyRun: number;
  /** Runs of 24+ base64 characters that can be the encoding of text (see base64-credential-rule.ts). */
  encodedRuns: number;
  /** Longest run of base64/base64url characters. */
  base64Run: number;
  /** Longest run of digits, and all digits. */
  digitRun: number;
  digits: number;
  /** Digits, then 1-3 separators (space, tab, `.`, `-`, `/`, `_`), then a digit: grouped numbers have them. */
  digitSeps: number;
  /** Digit runs of 9-11 digits: what a bare SSN or phone looks like. */
  midRuns: number;
  /** Eight digits with at most three separators between a group of 4+ and the next (the card hint `[0-9]{4}[ \t./_-]{0,3}[0-9]{4}`). */
  cardPairs: number;
  /** Runs of exactly 3, then 2, then 4 digits, each after one space, `.` or `-`: the shape of `219-09-9999`. */
  ssnShapes: number;
  /** A run of exactly 3 digits, one space, `.` or `-`, then exactly 4 digits: how every US phone ends. */
  phoneTails: number;
  /** Digit runs right after a single `.` that follows digits: an IPv4 address has three. */
  dotGroups: number;
  at: boolean;
  colons: number;
  /** Colons right after a hex digit or another colon (`fe80::1`, `14:22`): IPv6 needs two. */
  hexColons: number;
  /** A `::`: an IPv6 address with fewer than six colons has one (times such as `14:22:05` do not). */
  doubleColon: boolean;
  /** A `?` or `&`: query strings. */
  query: boolean;
  equals: boolean;
  plus: boolean;
  dot: boolean;
  /** A character above U+007F: only then can look-alikes (full-width forms) be present. */
  nonAscii: boolean;
}

const DIGIT = 1,
  WORD = 2,
  B64 = 4,
  AT = 8,
  COLON = 16,
  EQUALS = 32,
  PLUS = 64,
  DOT = 128,
  SEP = 256,
  NON_ASCII = 512,
  NON_HEX = 1024,
  QUERY = 2048,
  ALPHA = 4096;
/** Character classes of bytes, one table lookup a byte: every byte of 0x80 or more is part of a non-ASCII character. */
const CLASS = new Uint16Array(256).fill(NON_ASCII);
for (let c = 0; c < 128; c++) {
  const isDigit = c >= 48 && c <= 57;
  const isAlpha = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  const isWord = isDigit || isAlpha || c === 95 || c === 45;
  CLASS[c] =
    (isDigit ? DIGIT : 0) |
    (isWord ? WORD : 0) |
    (isWord || c === 43 || c === 47 ? B64 : 0) |
    (isAlpha ? ALPHA : 0) |
    (c === 64 ? AT : 0) |
    (c === 58 ? COLON : 0) |
    (c === 61 ? EQUALS : 0) |
    (c === 43 ? PLUS : 0) |
    (c === 46 ? DOT : 0) |
    (c === 32 || c === 9 || c === 46 || c === 45 || c === 47 || c === 95 ? SEP : 0) |
    ((c >= 103 && c <= 122) || (c >= 65 && c <= 90) || c === 95 ? NON_HEX : 0) |
    (c === 63 || c === 38 ? QUERY : 0);
}

const isHexOrColon = (c: number) => (c >= 48 && c <= 58) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isDigitCode = (c: number) => c >= 48 && c <= 57;
const isSepCode = (c: number) => (CLASS[c] & SEP) !== 0;

/** The first character of a base64 group that encodes printable ASCII: `I`-`Z`, `a`-`f`. */
const textGroupStart = (c: number) => (c >= 73 && c <= 90) || (c >= 97 && c <= 102);
const MIN_ENCODED_RUN = 24;
const encodedStart = (bytes: Uint8Array, at: number) =>
  textGroupStart(bytes[at]) && textGroupStart(bytes[at + 4]) && textGroupStart(bytes[at + 8]);

/**
 * The text is read as UTF-8 bytes, copied by `encodeInto` into a reused buffer, not with
 * `charCodeAt`: once a concatenated or sliced string had passed through (payloads built with
 * template literals, `slice` results), V8's code for the `charCodeAt` loop handled every string
 * representation and ran at half speed for all later texts. Bytes give the same features: ASCII
 * is one byte, and every other character becomes 2-4 bytes of 0x80 or more, which like the
 * character itself belong to no class, so they end runs exactly where the character did.
 * Texts too long for the shared buffer (64 KiB) get a buffer of their own, so memory stays bounded.
 */
const encoder = new TextEncoder();
const SHARED_BYTES = new Uint8Array(64 * 1024);

/**
 * The features of `text`. The returned object is reused by the next call (one allocation per
 * call made the garbage collector the largest cost on short texts): read it before calling again.
 * Runs are measured by where they start, not by counters bumped per character: a letter costs
 * one table lookup and one `or`, and a digit run is read by its own inner loop.
 */
const shared: TextFeatures = {
  hexColons: 0,
  doubleColon: false,
  query: false,
  keyRun: 0,
  encodedRuns: 0,
  wordRun: 0,
  base64Run: 0,
  digitRun: 0,
  digits: 0,
  digitSeps: 0,
  midRuns: 0,
  cardPairs: 0,
  ssnShapes: 0,
  phoneTails: 0,
  dotGroups: 0,
  at: false,
  colons: 0,
  equals: false,
  plus: false,
  dot: false,
  nonAscii: false,
};

export function textFeatures(text: string): TextFeatures {
  // UTF-16 units take at most 3 UTF-8 bytes each (a surrogate pair: 4 bytes for 2 units).
  const bytes = text.length * 3 <= SHARED_BYTES.length ? SHARED_BYTES : new Uint8Array(text.length * 3);
  const n = encoder.encodeInto(text, bytes).written;
  let wordRun = 0,
    keyRun = 0,
    base64Run = 0,
    encodedRuns = 0,
    nonHex = 0;
  let digitRun = 0,
    digits = 0,
    digitSeps = 0,
    midRuns = 0,
    colons = 0,
    hexColons = 0,
    seen = 0;
  let wordStart = 0,
    b64Start = 0; // where the current word and base64 runs began
  let digitEnd = -4; // just past the last digit run
  let cardPairs = 0,
    ssnShapes = 0,
    phoneTails = 0,
    dotGroups = 0,
    doubleColon = false;
  let prevRun = 0,
    prevPrevRun = 0,
    prevOneSep = false; // the two digit runs before, and whether one separator preceded the last
  for (let i = 0; i < n; i++) {
    const c = bytes[i];
    const k = CLASS[c];
    if (k & ALPHA) {
      nonHex |= k; // letters, the common case
      continue;
    }
    if (k & DIGIT) {
      // A whole digit run at once; 1-3 separators since the previous run make a grouped number.
      const gap = i - digitEnd;
      const grouped =
        gap >= 1 &&
        gap <= 3 &&
        isSepCode(bytes[i - 1]) &&
        (gap < 2 || isSepCode(bytes[i - 2])) &&
        (gap < 3 || isSepCode(bytes[i - 3]));
      const before = gap === 1 ? bytes[i - 1] : 0;
      const oneSep = before === 32 || before === 46 || before === 45; // " ", ".", "-"
      const start = i;
      while (i + 1 < n && isDigitCode(bytes[i + 1])) i++;
      const run = i + 1 - start;
      digits += run;
      if (run > digitRun) digitRun = run;
      if (run >= 9 && run <= 11) midRuns++;
      if (grouped) {
        digitSeps++;
        if (run >= 4 && prevRun >= 4) cardPairs++;
      }
      if (before === 46) dotGroups++;
      if (run === 4 && oneSep) {
        if (prevRun === 3) phoneTails++;
        if (prevRun === 2 && prevOneSep && prevPrevRun === 3) ssnShapes++;
      }
      prevPrevRun = prevRun;
      prevRun = run;
      prevOneSep = oneSep;
      digitEnd = i + 1;
      continue;
    }
    seen |= k;
    if (k & WORD)
      nonHex |= k; // "_" and "-"
    else {
      const word = i - wordStart;
      if (word > wordRun) wordRun = word;
      if (nonHex & NON_HEX && word > keyRun) keyRun = word;
      nonHex = 0;
      wordStart = i + 1;
      if (k & COLON) {
        colons++;
        if (i > 0 && isHexOrColon(bytes[i - 1])) {
          hexColons++;
          if (bytes[i - 1] === 58) doubleColon = true;
        }
      }
      if (!(k & B64)) {
        const b64 = i - b64Start;
        if (b64 > base64Run) base64Run = b64;
        if (b64 >= MIN_ENCODED_RUN && encodedStart(bytes, b64Start)) encodedRuns++;
        b64Start = i + 1;
      }
    }
  }
  const word = n - wordStart;
  if (word > wordRun) wordRun = word;
  if (nonHex & NON_HEX && word > keyRun) keyRun = word;
  const b64 = n - b64Start;
  if (b64 > base64Run) base64Run = b64;
  if (b64 >= MIN_ENCODED_RUN && encodedStart(bytes, b64Start)) encodedRuns++;
  const f = shared;
  f.keyRun = keyRun;
  f.hexColons = hexColons;
  f.doubleColon = doubleColon;
  f.query = (seen & QUERY) !== 0;
  f.encodedRuns = encodedRuns;
  f.wordRun = wordRun;
  f.base64Run = base64Run;
  f.digitRun = digitRun;
  f.digits = digits;
  f.colons = colons;
  f.digitSeps = digitSeps;
  f.midRuns = midRuns;
  f.cardPairs = cardPairs;
  f.ssnShapes = ssnShapes;
  f.phoneTails = phoneTails;
  f.dotGroups = dotGroups;
  f.at = (seen & AT) !== 0;
  f.equals = (seen & EQUALS) !== 0;
  f.plus = (seen & PLUS) !== 0;
  f.dot = (seen & DOT) !== 0;
  f.nonAscii = (seen & NON_ASCII) !== 0;
  return f;
}
