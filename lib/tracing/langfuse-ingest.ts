/**
 * Langfuse's legacy ingestion endpoint, server side: `POST /api/public/ingestion` with
 * `{ batch: [{ id, type, timestamp, body }], metadata }`, answered like the real server
 * (langfuse/langfuse, web/src/pages/api/public/ingestion.ts):
 * - a body without a `batch` array: 400 `{ message: "Invalid request data", errors }`;
 * - otherwise 207 `{ successes: [{ id, status: 201 }], errors: [{ id, status, message, error }] }`,
 *   one verdict per event, so one bad event never sinks the batch.
 * Write mode `events_only` (a Langfuse v4 default) refuses trace and observation events per
 * event with 400 "Event type not accepted" and lets `score-create` and `sdk-log` through; mode
 * `legacy` accepts every known event type. Each event that passes is validated with the
 * server's schemas (`langfuse-ingestion-schema.ts`).
 */
import { describeIssues, ingestionEventSchema } from "./langfuse-ingestion-schema";
import type { EventInput } from "./trace-store";

/** `events_only`: Langfuse v4's default write mode. `legacy`: v3, or v4 with `LANGFUSE_MIGRATION_V4_WRITE_MODE=dual`. */
export type LangfuseWriteMode = "events_only" | "legacy";

/** Event types a v4 server in `events_only` mode still takes on the legacy endpoint. */
export const EVENTS_ONLY_ALLOWED_TYPES: readonly string[] = ["score-create", "sdk-log"];

export interface IngestionError {
  id: string;
  status: number;
  message: string;
  error?: string;
}

export interface IngestionResponse {
  successes: { id: string; status: number }[];
  errors: IngestionError[];
}

export type LangfuseDecoded =
  | { ok: true; events: EventInput[]; response: IngestionResponse }
  | { ok: false; status: number; response: { message: string; errors: string[] }; error: string };

const REMEDIATION =
  "Upgrade the client or integration to a v4-compatible SDK or OTLP ingestion path. As a temporary migration bridge, set LANGFUSE_MIGRATION_V4_WRITE_MODE=dual on both the web and worker services and redeploy.";

export function decodeLangfuseIngestion(
  data: unknown,
  mode: LangfuseWriteMode = "events_only",
): LangfuseDecoded {
  const batch = (data as { batch?: unknown } | null)?.batch;
  if (typeof data !== "object" || data === null || !Array.isArray(batch)) {
    const problem = "batch: expected an array of ingestion events";
    return {
      ok: false,
      status: 400,
      response: { message: "Invalid request data", errors: [problem] },
      error: `body.${problem}`,
    };
  }
  const events: EventInput[] = [];
  const response: IngestionResponse = { successes: [], errors: [] };
  batch.forEach((raw, index) => {
    const envelope = typeof raw === "object" && raw !== null ? (raw as { id?: unknown; type?: unknown }) : {};
    const id = typeof envelope.id === "string" ? envelope.id : "unknown";
    const type = typeof envelope.type === "string" ? envelope.type : undefined;
    if (mode === "events_only" && !(type && EVENTS_ONLY_ALLOWED_TYPES.includes(type))) {
      response.errors.push({
        id,
        status: 400,
        message: "Event type not accepted",
        error: `Event type "${type ?? "unknown"}" is not accepted by /api/public/ingestion when LANGFUSE_MIGRATION_V4_WRITE_MODE is events_only. This endpoint only accepts score and log events. ${REMEDIATION}`,
      });
      return;
    }
    const parsed = ingestionEventSchema.safeParse(raw);
    if (!parsed.success) {
      response.errors.push({
        id,
        status: 400,
        message: "Invalid request data",
        error: `batch[${index}] ${describeIssues(parsed.error)}`,
      });
      return;
    }
    const event = parsed.data;
    const body = event.body as Record<string, unknown>;
    events.push({
      protocol: "langfuse",
      kind: event.type,
      // sdk-log bodies (and traces without one) have no id: key them by the envelope id.
      id: typeof body.id === "string" ? body.id : event.id,
      timestamp: event.timestamp,
      // The raw body, not zod's output: what the SDK sent is what the views show.
      payload: (raw as { body: Record<string, unknown> }).body,
    });
    response.successes.push({ id: event.id, status: 201 });
  });
  return { ok: true, events, response };
}
