/**
 * The structured redaction boundary: a redacted deep copy of any payload (a trace, tool inputs
 * and outputs, SDK events). Strings are redacted at every depth, object keys included; user-id
 * fields are hashed; values under secret-named keys are masked whatever they look like.
 * It never throws and never mutates its input. Odd values, documented:
 * - numbers (NaN, Infinity), booleans, bigint, symbols, undefined, null, functions: kept as they are;
 * - Date: copied; Map/Set: copied with keys and values redacted; boxed primitives: unboxed;
 * - Buffer, typed arrays, ArrayBuffer, DataView: replaced by `[REDACTED_BINARY n bytes]` (bytes
 *   cannot be inspected reliably, so they never cross unread);
 * - Error: `{ name, message, stack, ...own fields }` with the text redacted;
 * - objects with `toJSON` (URL, Decimal…): what `toJSON()` returns, redacted;
 * - other class instances: a plain object of their own enumerable fields, as JSON would see them;
 * - cycles: `"[Circular]"`, so the result stays serialisable; a shared (non-cyclic) object is copied once and reused;
 * - getters or proxies that throw: `"[Unreadable]"`; nesting deeper than `maxDepth`: `"[REDACTED_TOO_DEEP]"`.
 * Object keys that redact to the same text (two emails as keys) get `#2`, `#3` suffixes rather than overwrite each other
 * (in linear time: 40,000 colliding keys cost what 40,000 distinct ones do).
 * Structural fields never pass through text rules: an id or timestamp field (`trace_id`, `span_id`,
 * `parent_run_id`, `idempotency_key`, `timestamp`, `start_time`…) whose value has an identifier's
 * shape (UUID, hex id, ISO timestamp), and `environment`/`customer_tier` holding one of their enum
 * values, are copied as they are. A value of any other shape under those names is redacted as text.
 */
import { Buffer } from "node:buffer";
import { CUSTOMER_TIERS, ENVIRONMENTS } from "../schema";
import { DEFAULT_USER_ID_HASH_KEY, hashUserId, isUserIdHash } from "./hash-user-id";
import { isIdentifier, isIdentifierName } from "./identifiers";
import { redactPii } from "./redact-text";
import { containsRedactionToken, redactionToken } from "./rule";

export interface StripPiiOptions {
  /** HMAC key for user-id fields; default `DEFAULT_USER_ID_HASH_KEY` (pass `readConfig().userIdHashKey`). */
  hashKey?: string;
  /** Depth beyond which values are replaced by `[REDACTED_TOO_DEEP]`; default 100. */
  maxDepth?: number;
}

/** Keys whose value is a user id, compared lowercased without `_`/`-`: user_id, userId, userID, user-id, end_user_id. */
const USER_ID_KEYS = new Set(["userid", "enduserid"]);
/** `user_id_hash` fields: a hex digest (or our own `uid_` form) is already a pseudonym; anything else is hashed. */
const USER_ID_HASH_KEYS = new Set(["useridhash"]);
const HEX_DIGEST = /^[0-9a-f]{32,128}$/i;
/** Keys whose string value is a credential whatever its shape (headers, config objects). */
const SECRET_KEYS = new Set([
  "password",
  "passwd",
  "pwd",
  "passphrase",
  "secret",
  "clientsecret",
  "apikey",
  "xapikey",
  "apisecret",
  "accesstoken",
  "refreshtoken",
  "idtoken",
  "authtoken",
  "sessiontoken",
  "authorization",
  "proxyauthorization",
  "cookie",
  "setcookie",
  "privatekey",
  "secretkey",
  "secretaccesskey",
  "awssecretaccesskey",
]);
type KeyKind = "user_id" | "user_id_hash" | "secret" | "identifier" | "enum" | "plain";
/** Enum fields of the trace schema and the values they may hold. */
const ENUM_VALUES = new Map<string, ReadonlySet<string>>([
  ["environment", new Set<string>(ENVIRONMENTS)],
  ["customer_tier", new Set<string>(CUSTOMER_TIERS)],
]);
/** Field names repeat in every trace: classify each once. Only identifier-like names are cached, never an email used as a key. */
const keyKinds = new Map<string, KeyKind>();
const CACHEABLE_KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,39}$/;

function keyKind(key: string): KeyKind {
  let kind = keyKinds.get(key);
  if (kind === undefined) {
    const normalized = key.toLowerCase().replace(/[_-]/g, "");
    kind = USER_ID_KEYS.has(normalized)
      ? "user_id"
      : USER_ID_HASH_KEYS.has(normalized)
        ? "user_id_hash"
        : SECRET_KEYS.has(normalized)
          ? "secret"
          : ENUM_VALUES.has(key)
            ? "enum"
            : isIdentifierName(key)
              ? "identifier"
              : "plain";
    if (CACHEABLE_KEY.test(key)) {
      if (keyKinds.size >= 4096) keyKinds.clear();
      keyKinds.set(key, kind);
    }
  }
  return kind;
}

/** Own enumerable string-keyed fields; a getter that throws yields "[Unreadable]" for that field only. */
function ownEntries(obj: object): [string, unknown][] {
  return Object.keys(obj).map((key): [string, unknown] => {
    try {
      return [key, (obj as Record<string, unknown>)[key]];
    } catch {
      return [key, UNREADABLE];
    }
  });
}

const CIRCULAR = "[Circular]";
const UNREADABLE = "[Unreadable]";

/** A redacted deep copy of `payload` (see the file comment for how each kind of value is treated). */
export function stripPii<T>(payload: T, options: StripPiiOptions = {}): T {
  const hashKey = typeof options.hashKey === "string" ? options.hashKey : DEFAULT_USER_ID_HASH_KEY;
  const maxDepth =
    Number.isFinite(options.maxDepth) && (options.maxDepth as number) >= 0
      ? (options.maxDepth as number)
      : 100;
  const inProgress = new Set<object>();
  const done = new Map<object, unknown>();

  /** `taken` holds the names used so far; `next` the next free suffix per base name, so collisions cost O(1) each. */
  const redactKey = (key: string, taken: Set<string>, next: Map<string, number>): string => {
    const base = redactPii(key);
    let name = base;
    if (taken.has(name)) {
      let n = next.get(base) ?? 2;
      while (taken.has(`${base}#${n}`)) n++;
      name = `${base}#${n}`;
      next.set(base, n + 1);
    }
    taken.add(name);
    return name;
  };

  const valueFor = (key: string, value: unknown, depth: number): unknown => {
    const kind = keyKind(key);
    if (kind === "plain") return walk(value, depth);
    if (kind === "identifier")
      return typeof value === "string" && isIdentifier(value) ? value : walk(value, depth);
    if (kind === "enum")
      return typeof value === "string" && ENUM_VALUES.get(key)?.has(value) ? value : walk(value, depth);
    const isId = typeof value === "string" || typeof value === "number" || typeof value === "bigint";
    if (isId && kind === "user_id") return isUserIdHash(value) ? value : hashUserId(String(value), hashKey);
    if (isId && kind === "user_id_hash") {
      return isUserIdHash(value) || HEX_DIGEST.test(String(value))
        ? value
        : hashUserId(String(value), hashKey);
    }
    if (kind === "secret" && typeof value === "string" && value !== "" && !containsRedactionToken(value)) {
      return redactionToken("SECRET");
    }
    return walk(value, depth);
  };

  const copyObject = (entries: [string, unknown][], depth: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const keys = entries.map(([key]) => redactPii(key));
    // Only when a key changed can two keys collide: then number the later ones.
    const taken = keys.some((k, i) => k !== entries[i][0]) ? new Set<string>() : null;
    const next = new Map<string, number>();
    for (let i = 0; i < entries.length; i++) {
      const [key, value] = entries[i];
      const name = taken ? redactKey(key, taken, next) : keys[i];
      const copied = valueFor(key, value, depth + 1);
      // A "__proto__" key must stay a plain field, not replace the copy's prototype.
      if (name === "__proto__")
        Object.defineProperty(out, name, {
          value: copied,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else out[name] = copied;
    }
    return out;
  };

  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value === "string") return redactPii(value);
    if (value === null || (typeof value !== "object" && typeof value !== "function")) return value;
    if (typeof value === "function") return value;
    const obj = value as object;
    if (done.has(obj)) return done.get(obj);
    if (inProgress.has(obj)) return CIRCULAR;
    if (depth > maxDepth) return redactionToken("TOO_DEEP");
    inProgress.add(obj);
    let out: unknown;
    try {
      out = copy(obj, depth);
    } catch {
      out = UNREADABLE;
    }
    inProgress.delete(obj);
    done.set(obj, out);
    return out;
  };

  const copy = (obj: object, depth: number): unknown => {
    if (Array.isArray(obj)) {
      const out: unknown[] = new Array(obj.length);
      for (let i = 0; i < obj.length; i++) out[i] = walk(obj[i], depth + 1);
      return out;
    }
    if (obj instanceof Date) return new Date(obj.getTime());
    if (
      Buffer.isBuffer(obj) ||
      ArrayBuffer.isView(obj) ||
      obj instanceof ArrayBuffer ||
      Object.prototype.toString.call(obj) === "[object SharedArrayBuffer]"
    ) {
      return `[REDACTED_BINARY ${(obj as ArrayBuffer).byteLength} bytes]`;
    }
    if (obj instanceof Map) {
      const out = new Map<unknown, unknown>();
      const taken = new Set<string>();
      const next = new Map<string, number>();
      for (const [k, v] of obj) {
        if (typeof k === "string") out.set(redactKey(k, taken, next), valueFor(k, v, depth + 1));
        else out.set(walk(k, depth + 1), walk(v, depth + 1));
      }
      return out;
    }
    if (obj instanceof Set) {
      const out = new Set<unknown>();
      for (const v of obj) out.add(walk(v, depth + 1));
      return out;
    }
    if (obj instanceof String || obj instanceof Number || obj instanceof Boolean)
      return walk(obj.valueOf(), depth);
    if (obj instanceof RegExp) return redactPii(String(obj));
    if (obj instanceof Error) {
      const fields: [string, unknown][] = [
        ["name", obj.name],
        ["message", obj.message],
      ];
      if (obj.stack !== undefined) fields.push(["stack", obj.stack]);
      if ("cause" in obj && (obj as { cause?: unknown }).cause !== undefined)
        fields.push(["cause", (obj as { cause?: unknown }).cause]);
      for (const entry of ownEntries(obj))
        if (!["name", "message", "stack", "cause"].includes(entry[0])) fields.push(entry);
      return copyObject(fields, depth);
    }
    const toJSON = (obj as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") return walk(toJSON.call(obj), depth + 1);
    return copyObject(ownEntries(obj), depth);
  };

  return walk(payload, 0) as T;
}
