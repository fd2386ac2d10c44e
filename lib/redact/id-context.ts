/**
 * Whether a number found in text sits right after an identifier label (`"span_id": "…"`,
 * `trace_id=…`, `idempotency_key: …`). A span id is 16 hex digits, and about one in eleven
 * thousand random ones is all digits with a valid card checksum: the label, not the digits,
 * tells them apart. Only the 48 characters before a candidate are read, so the cost is bounded.
 */
import { isIdentifierName } from "./identifiers";

const LABEL_BEFORE = /([A-Za-z][A-Za-z0-9_-]{0,47})\\?["']?[ \t]*(?::|=>|=)[ \t]*\\?["']?$/;

/**
 * Whether a separator (`:`, `=`, `=>`) ends right before `offset`, across the quote, backslash
 * and blanks LABEL_BEFORE allows: most numbers sit in prose, and this look-back of a few
 * characters spares them the label regex.
 */
function separatorBefore(text: string, offset: number): boolean {
  let j = offset;
  if (j > 0 && (text.charCodeAt(j - 1) === 34 || text.charCodeAt(j - 1) === 39)) j--; // " '
  if (j > 0 && text.charCodeAt(j - 1) === 92) j--; // \
  while (j > 0 && (text.charCodeAt(j - 1) === 32 || text.charCodeAt(j - 1) === 9)) j--;
  const c = j > 0 ? text.charCodeAt(j - 1) : 0;
  return c === 58 || c === 61 || c === 62; // : = >
}

export function followsIdentifierLabel(text: string, offset: number): boolean {
  if (offset === 0 || !separatorBefore(text, offset)) return false;
  const m = LABEL_BEFORE.exec(text.slice(Math.max(0, offset - 48), offset));
  return m !== null && isIdentifierName(m[1]);
}
