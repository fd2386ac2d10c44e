/**
 * Langfuse's ingestion protocol, server side: `POST /api/public/ingestion` with
 * `{ batch: [{ id, type, timestamp, body }], metadata }`. Like the real API it answers 207
 * Multi-Status, `{ successes: [{ id, status: 201 }], errors: [{ id, status, message }] }`:
 * one bad event is rejected on its own, the rest of the batch is kept.
 */
import type { EventInput } from "./trace-store";

/** Event types the v3 SDKs send. Observation kinds beyond span/generation/event are newer SDKs'. */
const OBSERVATION_KINDS = ["span", "generation", "event", "observation", "agent", "tool", "chain", "retriever", "evaluator", "embedding", "guardrail"];
const CREATE_ONLY = new Set(["trace-create", "event-create", "score-create", "sdk-log"]);
export const LANGFUSE_EVENT_TYPES: readonly string[] = [
  ...CREATE_ONLY,
  ...OBSERVATION_KINDS.filter((k) => k !== "event").flatMap((k) => [`${k}-create`, `${k}-update`]),
];

export interface IngestionError {
  id: string;
  status: number;
  message: string;
}

export type LangfuseDecoded =
  | { ok: true; events: EventInput[]; response: { successes: { id: string; status: number }[]; errors: IngestionError[] } }
  | { ok: false; error: string };

export function decodeLangfuseIngestion(data: unknown): LangfuseDecoded {
  if (typeof data !== "object" || data === null || !Array.isArray((data as { batch?: unknown }).batch)) {
    return { ok: false, error: "body.batch: expected an array of ingestion events" };
  }
  const events: EventInput[] = [];
  const successes: { id: string; status: number }[] = [];
  const errors: IngestionError[] = [];
  (data as { batch: unknown[] }).batch.forEach((raw, index) => {
    const event = raw as { id?: unknown; type?: unknown; timestamp?: unknown; body?: unknown };
    const id = typeof event?.id === "string" ? event.id : `batch[${index}]`;
    const problem = checkEvent(event);
    if (problem) {
      errors.push({ id, status: 400, message: `batch[${index}] ${problem}` });
      return;
    }
    const body = event.body as Record<string, unknown>;
    events.push({
      protocol: "langfuse",
      kind: event.type as string,
      // sdk-log bodies have no id: key them by the envelope id.
      id: typeof body.id === "string" ? body.id : id,
      timestamp: event.timestamp as string,
      payload: body,
    });
    successes.push({ id, status: 201 });
  });
  return { ok: true, events, response: { successes, errors } };
}

function checkEvent(event: { id?: unknown; type?: unknown; timestamp?: unknown; body?: unknown }): string | undefined {
  if (typeof event !== "object" || event === null) return "is not an object";
  if (typeof event.id !== "string" || !event.id) return "id: expected a non-empty string";
  if (typeof event.type !== "string" || !LANGFUSE_EVENT_TYPES.includes(event.type)) return `type: "${String(event.type)}" is not a known event type`;
  if (typeof event.timestamp !== "string" || !Number.isFinite(Date.parse(event.timestamp))) return "timestamp: expected an ISO-8601 string";
  if (typeof event.body !== "object" || event.body === null || Array.isArray(event.body)) return "body: expected an object";
  const body = event.body as Record<string, unknown>;
  if (event.type === "sdk-log") return undefined;
  if (event.type !== "trace-create" && (typeof body.id !== "string" || !body.id)) return "body.id: expected a non-empty string";
  if (event.type === "trace-create" && body.id !== undefined && typeof body.id !== "string") return "body.id: expected a string";
  if (event.type !== "trace-create" && event.type !== "score-create" && typeof body.traceId !== "string") return "body.traceId: expected a string";
  return undefined;
}
