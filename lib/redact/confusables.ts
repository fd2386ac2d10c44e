/**
 * Unicode look-alikes normalised for matching: full-width forms (`＠`, `０`-`９`, `Ａ`-`ｚ`, `．`),
 * the small commercial at `﹫`, the ideographic space and Unicode dashes and minus. Each maps to
 * one ASCII character, so the normalised text has the same length as the original.
 *
 * Output stays sane: the rules run on the normalised text, then the parts they left alone are
 * copied back from the original, so "東京（本社）" keeps its full-width brackets and only the
 * redacted spans change. If the alignment cannot be found (it always can unless a rule rewrites
 * text around a token), the normalised output is returned: still redacted, never leaked.
 */

const CONFUSABLE = /[\uFF01-\uFF5E\u3000\uFE6B\u2010-\u2015\u2212]/;
const CONFUSABLES = /[\uFF01-\uFF5E\u3000\uFE6B\u2010-\u2015\u2212]/g;

export const hasConfusables = (text: string): boolean => CONFUSABLE.test(text);

function toAscii(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
  if (code === 0x3000) return " ";
  if (code === 0xfe6b) return "@";
  return "-"; // dashes and minus
}

export const normalizeConfusables = (text: string): string => text.replace(CONFUSABLES, toAscii);

const TOKEN = /\[REDACTED_[A-Z0-9_]+(?: [0-9]+ bytes)?\]/g;

/**
 * Runs `redact` on the normalised text and maps the untouched parts back to the original.
 * `original` and its normalised form have equal lengths, so a position in one is a position in the other.
 */
export function redactNormalized(original: string, redact: (text: string) => string): string {
  const normalized = normalizeConfusables(original);
  const out = redact(normalized);
  if (out === normalized) return original;
  let result = "";
  let cursor = 0; // position in `normalized` / `original`
  let last = 0; // position in `out`
  for (const m of out.matchAll(TOKEN)) {
    const segment = out.slice(last, m.index);
    const at = last === 0 ? (normalized.startsWith(segment) ? 0 : -1) : normalized.indexOf(segment, cursor);
    if (at === -1) return out;
    result += original.slice(at, at + segment.length) + m[0];
    cursor = at + segment.length + 1; // a token always replaced at least one character
    last = m.index + m[0].length;
  }
  const tail = out.slice(last);
  if (!normalized.endsWith(tail) || normalized.length - tail.length < cursor - 1) return out;
  return result + original.slice(normalized.length - tail.length);
}
