/**
 * LangSmith's run ingestion, server side. The SDK picks one of these from `/info`:
 * - `POST /runs/multipart`: multipart/form-data whose parts are `post.<id>` / `patch.<id>` (the
 *   run) and `post.<id>.inputs`, `.outputs`, `.extra`, `.events`, `.error`, `.serialized`;
 *   streamed (chunked) or sent as one gzip/zstd-compressed buffer;
 * - `POST /runs/batch`: JSON `{ post: [run...], patch: [run...] }`;
 * - `POST /runs` and `PATCH /runs/:id`: one run at a time (non-batched clients).
 */
import { readMultipart } from "./multipart";
import type { EventInput } from "./trace-store";
import { UUID_PATTERN } from "../trace-id";

export type LangSmithDecoded = { ok: true; events: EventInput[] } | { ok: false; error: string };

const RUN_FIELDS = new Set(["inputs", "outputs", "events", "extra", "error", "serialized"]);

export async function decodeLangSmithMultipart(
  body: Uint8Array,
  contentType: string | undefined,
): Promise<LangSmithDecoded> {
  const parsed = await readMultipart(body, contentType);
  if (parsed.ok === false) return { ok: false, error: parsed.error };
  const runs = new Map<string, { kind: "post" | "patch"; id: string; payload: Record<string, unknown> }>();
  const problems: string[] = [];
  for (const part of parsed.parts) {
    const [kind, id, field, ...rest] = part.name.split(".");
    if (kind === "attachment" || kind === "feedback") continue; // accepted, not part of the run tree
    if (
      (kind !== "post" && kind !== "patch") ||
      !id ||
      rest.length ||
      (field !== undefined && !RUN_FIELDS.has(field))
    ) {
      problems.push(`part "${part.name}": expected post.<run_id>[.field] or patch.<run_id>[.field]`);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(part.data.toString("utf8"));
    } catch (error) {
      problems.push(`part "${part.name}": not valid JSON (${(error as Error).message})`);
      continue;
    }
    const key = `${kind}.${id}`;
    const run = runs.get(key) ?? { kind, id, payload: {} };
    if (field === undefined) {
      if (typeof value !== "object" || value === null)
        problems.push(`part "${part.name}": expected a JSON object`);
      else Object.assign(run.payload, value);
    } else run.payload[field] = value;
    runs.set(key, run);
  }
  for (const run of runs.values()) {
    const problem = checkRun(run.kind, run.id, run.payload, true);
    if (problem) problems.push(problem);
  }
  if (problems.length) return { ok: false, error: problems.join("; ") };
  return {
    ok: true,
    events: [...runs.values()].map((r) => ({
      protocol: "langsmith",
      kind: r.kind,
      id: r.id,
      payload: r.payload,
    })),
  };
}

export function decodeLangSmithBatch(data: unknown): LangSmithDecoded {
  const body = data as { post?: unknown; patch?: unknown };
  if (typeof body !== "object" || body === null)
    return { ok: false, error: "body: expected {post: [...], patch: [...]}" };
  const events: EventInput[] = [];
  const problems: string[] = [];
  for (const kind of ["post", "patch"] as const) {
    const list = body[kind];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      problems.push(`${kind}: expected an array of runs`);
      continue;
    }
    list.forEach((run: Record<string, unknown>, i: number) => {
      const problem = checkRun(kind, run?.id, run, false, `${kind}[${i}]`);
      if (problem) problems.push(problem);
      else events.push({ protocol: "langsmith", kind, id: run.id as string, payload: run });
    });
  }
  if (problems.length) return { ok: false, error: problems.join("; ") };
  return { ok: true, events };
}

/** `POST /runs` (create) or `PATCH /runs/:id` (update). */
export function decodeLangSmithRun(data: unknown, kind: "post" | "patch", pathId?: string): LangSmithDecoded {
  if (typeof data !== "object" || data === null || Array.isArray(data))
    return { ok: false, error: "body: expected a run object" };
  const run = { ...(data as Record<string, unknown>) };
  const id = pathId ?? run.id;
  const problem = checkRun(kind, id, run, false, "run");
  if (problem) return { ok: false, error: problem };
  return { ok: true, events: [{ protocol: "langsmith", kind, id: id as string, payload: { ...run, id } }] };
}

function checkRun(
  kind: "post" | "patch",
  id: unknown,
  run: Record<string, unknown>,
  multipart: boolean,
  where = `${kind}.${String(id)}`,
): string | undefined {
  if (typeof id !== "string" || !UUID_PATTERN.test(id))
    return `${where}.id: expected a UUID (got ${JSON.stringify(id)})`;
  if (kind === "post") {
    if (typeof run.name !== "string" || !run.name) return `${where}.name: expected a non-empty string`;
    if (typeof run.run_type !== "string")
      return `${where}.run_type: expected a string such as "chain", "llm", "retriever", "tool"`;
  }
  // Multipart ingest requires both, as the SDK itself enforces before sending.
  if (multipart && (typeof run.trace_id !== "string" || typeof run.dotted_order !== "string"))
    return `${where}: trace_id and dotted_order are required for multipart ingest`;
  return undefined;
}
