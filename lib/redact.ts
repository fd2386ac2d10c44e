/**
 * The redaction boundary (Task 3). Nothing leaves the process unredacted:
 * - `redactPii(text)`: the one string redactor (API keys, credentials, private keys, emails,
 *   phones, SSNs, payment cards, IPv4), idempotent and linear-time;
 * - `redactApiKeys(text)`: the secrets-only subset;
 * - `hashUserId(userId, key?)`: a keyed pseudonym `uid_<32 hex>` (HMAC-SHA256);
 * - `stripPii(payload, options?)`: a redacted deep copy of any payload, user-id fields hashed.
 * The rules live in `lib/redact/`, one concern a file.
 */
export { redactApiKeys, redactPii } from "./redact/redact-text";
export { hashUserId } from "./redact/hash-user-id";
export { stripPii } from "./redact/strip-pii";
export type { StripPiiOptions } from "./redact/strip-pii";
