/**
 * User ids become stable pseudonyms: HMAC-SHA256 under a configured key, not a bare SHA-256,
 * because user ids are guessable (emails, sequential numbers) and a bare hash of a guess would
 * reveal the id. Without the key nobody can test guesses; with the same key the same user
 * always maps to the same pseudonym, so per-user metrics still work.
 */
import { createHmac } from "node:crypto";

/** Public default HMAC key: hashes stay stable across runs, but anyone can recompute them, so production must override it. */
export const DEFAULT_USER_ID_HASH_KEY = "llm-observability-workbook-default-key";

const PREFIX = "uid_";
const HEX_CHARS = 32; // 128 bits of the HMAC: collision-free at any realistic user count

/** Recognises this library's own pseudonyms, so hashing is never applied twice. */
export const USER_ID_HASH_PATTERN = /^uid_[0-9a-f]{32}$/;
export const isUserIdHash = (value: unknown): boolean =>
  typeof value === "string" && USER_ID_HASH_PATTERN.test(value);

/**
 * `uid_` + 32 hex characters of HMAC-SHA256(key, userId); an input that already has this form is
 * returned as it is. The default key is public
 * (`DEFAULT_USER_ID_HASH_KEY`); production sets USER_ID_HASH_KEY, read by `readConfig()`.
 */
export function hashUserId(userId: string, key: string = DEFAULT_USER_ID_HASH_KEY): string {
  const id = typeof userId === "string" ? userId : String(userId);
  if (USER_ID_HASH_PATTERN.test(id)) return id; // already a pseudonym: SDK hooks may hash again
  const secret = typeof key === "string" ? key : DEFAULT_USER_ID_HASH_KEY;
  return PREFIX + createHmac("sha256", secret).update(id, "utf8").digest("hex").slice(0, HEX_CHARS);
}
