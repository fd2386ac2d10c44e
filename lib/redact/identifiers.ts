/**
 * Identifiers are what traces exist for: trace, span and run ids, UUIDs, hex ids and ISO
 * timestamps. Redaction must never change them (a masked id breaks every join), so the number
 * rules ask `isIdentifier` before masking, label rules ask it under id-style names, and `stripPii`
 * keeps structural fields whose value has an identifier's shape without running text rules.
 */
import { UUID_PATTERN } from "../trace-id";

/** W3C trace ids (32 hex), span ids (16 hex), digests (up to 128 hex). */
const HEX_ID = /^[0-9a-f]{8,128}$/i;
/** ISO 8601 date-times and dates, basic or extended: 2025-06-03T14:22:05.481Z, 20250603T142205Z, 2025-06-03. */
const ISO_TIMESTAMP =
  /^\d{4}-?\d{2}-?\d{2}(?:[T ]\d{2}:?\d{2}(?::?\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
/** LangSmith dotted orders and prefixed ids (`run-…`, `obs-1`, `span_ab12…`): a short word, a separator, then an id. */
const PREFIXED_ID = /^[A-Za-z]{1,12}[-_:][0-9a-f-]{8,64}$/i;

/** A whole value that is a UUID, a hex id, an ISO timestamp or a prefixed id. */
export function isIdentifier(value: string): boolean {
  const n = value.length;
  if (n < 8 || n > 140) return false;
  return (
    UUID_PATTERN.test(value) || HEX_ID.test(value) || ISO_TIMESTAMP.test(value) || PREFIXED_ID.test(value)
  );
}

/**
 * Field names that hold identifiers or timestamps in the trace schema and the SDKs' payloads:
 * trace_id, span_id, parent_span_id, run_id, parentObservationId, request_id, idempotency_key,
 * timestamp, start_time, endTime, created_at… Compared lowercased without `_`/`-`.
 */
/** How an id or time field name ends, and what it names (both are needed, so `card_id` or `format` do not qualify). */
const ID_NAME = /(?:id|ids|uuid|key|timestamp|time|at|date|dottedorder|etag|nonce|version)$/;
const ID_SUBJECT =
  /(?:trace|span|run|parent|observation|request|correlation|idempotency|cache|dedup|message|event|conversation|thread|dataset|example|project|release|generation|score|batch|job|tenant|org|start|end|created|updated|completed|first|last|time|timestamp|dotted)/;

const ID_STYLE_KEY = /idempotency|cache|dedup|request|trace|span|message|event|correlation/;

/**
 * A name under which an identifier-shaped value is an identifier, not a secret or a card: an `id`
 * or timestamp field, or an idempotency/cache/request/trace-style key. `user_id` is excluded (it is
 * hashed), and so are secret names (`api_key`, `secret_key`, `access_token`).
 */
export function isIdentifierName(name: string): boolean {
  const n = name.toLowerCase().replace(/[_\- ]/g, "");
  if (n.length > 48) return false;
  if (n === "id" || n === "timestamp" || n === "time" || n === "uuid") return true;
  if (n.includes("user") || /secret|passw|token|apikey|accesskey|privatekey|auth/.test(n)) return false;
  // A "…key" is an identifier only under idempotency/cache/request/trace-style names: `session_key`
  // or `project_key` may be credentials.
  if (n.endsWith("key")) return ID_STYLE_KEY.test(n);
  return ID_NAME.test(n) && ID_SUBJECT.test(n);
}

/** Idempotency, cache, request and trace-style names: under these a UUID or hex id is a key into something, not a credential. */
const ID_STYLE =
  /idempotency|cache|request|trace|span|correlation|dedup|etag|nonce|message|event|object|blob|storage/i;
export const isIdStyleName = (name: string): boolean => ID_STYLE.test(name);
