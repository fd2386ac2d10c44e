/**
 * What a redaction changed, for people: the before/after rows of a payload and the count of
 * each token. The notebook's table and `data/outputs/task3_redaction.json` come from here.
 */
import { isUserIdHash } from "./hash-user-id";

/** A type alias (not an interface) so rows pass where `Record<string, unknown>` is expected, e.g. `htmlTable`. */
export type RedactionChange = {
  /** Dotted path of the field, e.g. `tool_calls.0.input.email`; a renamed key reads `<key>`. */
  path: string;
  before: string;
  after: string;
};

const show = (value: unknown) =>
  typeof value === "string"
    ? value
    : typeof value === "bigint"
      ? `${value}n`
      : (JSON.stringify(value) ?? String(value));
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** Every leaf (and object key) whose value differs between `before` and `stripPii(before)`, in document order. */
export function redactionDiff(before: unknown, after: unknown): RedactionChange[] {
  const changes: RedactionChange[] = [];
  const seen = new Set<object>();
  const walk = (a: unknown, b: unknown, path: string) => {
    if (Array.isArray(a) && Array.isArray(b)) {
      if (seen.has(a)) return;
      seen.add(a);
      a.forEach((item, i) => walk(item, b[i], path ? `${path}.${i}` : String(i)));
      return;
    }
    if (isPlainObject(a) && isPlainObject(b) && !(a instanceof Date)) {
      if (seen.has(a)) return;
      seen.add(a);
      const keysA = Object.keys(a);
      const keysB = Object.keys(b);
      keysA.forEach((key, i) => {
        const keyAfter = keysB[i] ?? key;
        const at = path ? `${path}.${key}` : key;
        if (keyAfter !== key)
          changes.push({ path: `${path ? path + "." : ""}<key>`, before: key, after: keyAfter });
        walk(a[key], b[keyAfter], at);
      });
      return;
    }
    if (a instanceof Date && b instanceof Date && a.getTime() === b.getTime()) return;
    if (!Object.is(a, b) && show(a) !== show(b)) changes.push({ path, before: show(a), after: show(b) });
  };
  walk(before, after, "");
  return changes;
}

/** Counts of each `[REDACTED_<TYPE>]` token in a value's strings and keys, plus hashed user ids (`USER_ID_HASH`). */
export function countRedactions(value: unknown): Record<string, number> {
  const counts: Record<string, number> = {};
  const seen = new Set<object>();
  const add = (type: string) => (counts[type] = (counts[type] ?? 0) + 1);
  const scan = (text: string) => {
    for (const m of text.matchAll(/\[REDACTED_([A-Z0-9_]+)(?: [0-9]+ bytes)?\]/g)) add(m[1]);
    if (isUserIdHash(text)) add("USER_ID_HASH");
  };
  const walk = (v: unknown) => {
    if (typeof v === "string") return scan(v);
    if (v === null || typeof v !== "object" || seen.has(v)) return;
    seen.add(v);
    if (v instanceof Map)
      for (const [k, x] of v) {
        walk(k);
        walk(x);
      }
    else if (v instanceof Set) for (const x of v) walk(x);
    else
      for (const [k, x] of Object.entries(v)) {
        scan(k);
        walk(x);
      }
  };
  walk(value);
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
