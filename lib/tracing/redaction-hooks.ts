/**
 * The redaction boundary as the tracing adapters use it. Every input, output and metadata
 * value passes `redactForExport` before it reaches an SDK, and the SDKs' own hooks (Langfuse
 * `mask`, LangSmith `hideInputs` / `hideOutputs` / `hideMetadata` / `anonymizer`) run the same
 * scrub again. The hooks may see a value twice, which is safe because `stripPii` is idempotent.
 */
import { hashUserId, stripPii } from "../redact";

export interface RedactionOptions {
  /** HMAC key for user ids (config `userIdHashKey`). */
  hashKey?: string;
}

const HASHED_USER_ID = /^uid_[0-9a-f]{32}$/;

/** Scrubs PII and secrets from any JSON-like value; raw `user_id` fields become their hash. */
export function redactForExport<T>(value: T, options: RedactionOptions = {}): T {
  return stripPii(value, { hashKey: options.hashKey });
}

/** A user id as a trace may carry it: already hashed stays as is, anything else is hashed now. */
export function exportUserId(value: string | undefined, options: RedactionOptions = {}): string | undefined {
  if (value === undefined || value === "") return undefined;
  return HASHED_USER_ID.test(value) ? value : hashUserId(value, options.hashKey);
}

/**
 * Langfuse `mask` option: called with `{ data }` for every input and output (v3), and with the
 * serialized input, output and metadata attributes of every span (v5 span processor). A JSON
 * string is parsed, scrubbed and serialized again, so keys such as `user_id` are hashed there too.
 */
export function langfuseMask(options: RedactionOptions = {}): (params: { data: unknown }) => unknown {
  return ({ data }) => {
    if (typeof data === "string" && /^\s*[[{]/.test(data)) {
      try {
        return JSON.stringify(redactForExport(JSON.parse(data) as unknown, options));
      } catch {
        // Not JSON after all: scrub it as text.
      }
    }
    return redactForExport(data, options);
  };
}

/** LangSmith `anonymizer` / `hide*` hook: called with inputs, outputs, metadata or `{ error }`. */
export function langsmithAnonymizer(
  options: RedactionOptions = {},
): (values: Record<string, unknown>) => Record<string, unknown> {
  return (values) => redactForExport(values ?? {}, options);
}
