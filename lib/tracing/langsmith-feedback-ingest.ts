/**
 * LangSmith's feedback endpoint, server side: `POST /feedback` with one feedback object, what
 * `Client.createFeedback(runId, key, { score, comment, ... })` sends when it does not batch
 * (no `traceId`, or a server without the multipart endpoint). Checked like the real schema:
 * `key` is required, ids are UUIDs, `score` is a number or boolean, `comment` a string, and the
 * feedback targets a run or a project. Answers 200 with the stored feedback, as LangSmith does.
 */
import { UUID_PATTERN } from "../trace-id";
import { randomUUID } from "node:crypto";
import type { EventInput } from "./trace-store";

export type LangSmithFeedbackDecoded =
  { ok: true; events: EventInput[]; response: Record<string, unknown> } | { ok: false; error: string };

const SOURCE_TYPES = ["api", "model", "app", "auto_eval"];

export function decodeLangSmithFeedback(data: unknown): LangSmithFeedbackDecoded {
  if (typeof data !== "object" || data === null || Array.isArray(data))
    return { ok: false, error: "body: expected a feedback object" };
  const f = data as Record<string, unknown>;
  const problem = checkFeedback(f);
  if (problem) return { ok: false, error: problem };
  const id = typeof f.id === "string" ? f.id : randomUUID();
  const now = new Date().toISOString();
  const stored = { ...f, id, created_at: now, modified_at: now };
  return {
    ok: true,
    events: [{ protocol: "langsmith", kind: "feedback", id, payload: stored }],
    response: stored,
  };
}

function checkFeedback(f: Record<string, unknown>): string | undefined {
  const uuidOrAbsent = (name: string) =>
    f[name] === undefined ||
    f[name] === null ||
    (typeof f[name] === "string" && UUID_PATTERN.test(f[name] as string))
      ? undefined
      : `${name}: expected a UUID (got ${JSON.stringify(f[name])})`;
  for (const name of ["id", "run_id", "trace_id", "session_id", "comparative_experiment_id"]) {
    const problem = uuidOrAbsent(name);
    if (problem) return problem;
  }
  if (typeof f.key !== "string" || !f.key.trim()) return "key: expected a non-empty string";
  if (f.run_id == null && f.session_id == null) return "run_id: one of run_id or session_id is required";
  if (f.score != null && typeof f.score !== "number" && typeof f.score !== "boolean")
    return `score: expected a number or a boolean (got ${JSON.stringify(f.score)})`;
  if (typeof f.score === "number" && !Number.isFinite(f.score)) return "score: expected a finite number";
  if (f.comment != null && typeof f.comment !== "string") return "comment: expected a string";
  if (f.feedback_source != null) {
    const source = f.feedback_source as { type?: unknown };
    if (typeof source !== "object" || Array.isArray(source)) return "feedback_source: expected an object";
    if (source.type !== undefined && !SOURCE_TYPES.includes(source.type as string))
      return `feedback_source.type: expected one of ${SOURCE_TYPES.join(", ")}`;
  }
  return undefined;
}
