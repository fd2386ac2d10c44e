/**
 * The redaction boundary: every string that leaves the process goes through `redactPii`
 * (PII and secrets), every structured payload through `stripPii`. (First cut: hardened below.)
 */
import { createHmac } from "node:crypto";
import { DEFAULT_USER_ID_HASH_KEY } from "./config";

const KEY_RULES: Array<[RegExp, string]> = [
  [/\bsk-ant-[A-Za-z0-9_-]{20,}/g, "[REDACTED_ANTHROPIC_KEY]"],
  [/\bsk-lf-[A-Za-z0-9-]{8,}/g, "[REDACTED_LANGFUSE_KEY]"],
  [/\bpk-lf-[A-Za-z0-9-]{8,}/g, "[REDACTED_LANGFUSE_KEY]"],
  [/\bsk-[A-Za-z0-9_-]{20,}/g, "[REDACTED_OPENAI_KEY]"],
  [/\blsv2_(?:pt|sk)_[A-Za-z0-9_]{20,}/g, "[REDACTED_LANGSMITH_KEY]"],
  [/\bls__[A-Za-z0-9]{20,}/g, "[REDACTED_LANGSMITH_KEY]"],
];
const PII_RULES: Array<[RegExp, string]> = [
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, "[REDACTED_EMAIL]"],
  [/\b\d{3}[- ]\d{2}[- ]\d{4}\b/g, "[REDACTED_SSN]"],
  [/(?:\+1[ .-]?)?\(?\b\d{3}\)?[ .-]?\d{3}[ .-]\d{4}\b/g, "[REDACTED_PHONE]"],
];

export function redactApiKeys(text: string): string {
  let out = String(text ?? "");
  for (const [re, token] of KEY_RULES) out = out.replace(re, token);
  return out;
}

export function redactPii(text: string): string {
  let out = redactApiKeys(text);
  for (const [re, token] of PII_RULES) out = out.replace(re, token);
  return out;
}

export function hashUserId(userId: string, key: string = DEFAULT_USER_ID_HASH_KEY): string {
  return "uid_" + createHmac("sha256", key).update(String(userId)).digest("hex").slice(0, 32);
}

const USER_ID_KEY = /^user[_-]?id$/i;

export function stripPii<T>(payload: T, options: { hashKey?: string } = {}): T {
  const seen = new WeakMap<object, unknown>();
  const walk = (value: unknown, key?: string): unknown => {
    if (typeof value === "string") {
      if (key !== undefined && USER_ID_KEY.test(key)) return /^uid_[0-9a-f]{32}$/.test(value) ? value : hashUserId(value, options.hashKey);
      return redactPii(value);
    }
    if (value === null || typeof value !== "object") return value;
    if (seen.has(value)) return seen.get(value);
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      seen.set(value, out);
      for (const item of value) out.push(walk(item));
      return out;
    }
    const out: Record<string, unknown> = {};
    seen.set(value, out);
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, k);
    return out;
  };
  return walk(payload) as T;
}
