/** JSON Lines: one JSON value a line. Shared by every JSONL reader so blank lines and bad JSON are handled alike. */
export type JsonlLine =
  { line: number; ok: true; data: unknown } | { line: number; ok: false; error: string };

/** Parses each non-blank line (1-based `line`); a line that is not JSON is a value with its error, never a throw. */
export function jsonlLines(text: string): JsonlLine[] {
  const out: JsonlLine[] = [];
  text.split("\n").forEach((raw, index) => {
    if (!raw.trim()) return;
    try {
      out.push({ line: index + 1, ok: true, data: JSON.parse(raw) });
    } catch (error) {
      out.push({ line: index + 1, ok: false, error: `not valid JSON (${(error as Error).message})` });
    }
  });
  return out;
}
