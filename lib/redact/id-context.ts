/**
 * Whether a number found in text sits right after an identifier label (`"span_id": "…"`,
 * `trace_id=…`, `idempotency_key: …`). A span id is 16 hex digits, and about one in eleven
 * thousand random ones is all digits with a valid card checksum: the label, not the digits,
 * tells them apart. Only the 48 characters before a candidate are read, so the cost is bounded.
 */
import { isIdentifierName } from "./identifiers";

const LABEL_BEFORE = /([A-Za-z][A-Za-z0-9_-]{0,47})\\?["']?[ \t]*(?::|=>|=)[ \t]*\\?["']?$/;

export function followsIdentifierLabel(text: string, offset: number): boolean {
  if (offset === 0) return false;
  const m = LABEL_BEFORE.exec(text.slice(Math.max(0, offset - 48), offset));
  return m !== null && isIdentifierName(m[1]);
}
