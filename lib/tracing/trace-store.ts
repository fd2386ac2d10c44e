/**
 * What the local trace backend received: every request body (decoded) and every event in it,
 * kept in memory and appended as JSONL. Views merge creates and updates by id whatever order
 * they arrived in, because SDKs batch on timers and the update can land first.
 */
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { join, resolve } from "node:path";

export type Protocol = "langfuse" | "langsmith" | "otlp";

export interface ReceivedRequest {
  seq: number;
  received_at: string;
  method: string;
  path: string;
  content_type?: string;
  content_encoding?: string;
  /** Bytes on the wire (before decompression). */
  bytes: number;
  status: number;
  /** The body as text after content decoding: what a PII search must look at. */
  body: string;
  error?: string;
}

export interface ReceivedEvent {
  seq: number;
  request_seq: number;
  received_at: string;
  protocol: Protocol;
  /** Langfuse event type (`span-create`), LangSmith `post` / `patch`, or OTLP `span`. */
  kind: string;
  /** The entity the event creates or updates: trace/observation id, run id, span id. */
  id: string;
  /** Langfuse envelope timestamp, used to order updates. */
  timestamp?: string;
  payload: Record<string, unknown>;
}

export type EventInput = Omit<ReceivedEvent, "seq" | "request_seq" | "received_at">;
export type Fields = Record<string, unknown>;

export interface LangfuseObservation extends Fields {
  id: string;
  /** `SPAN`, `GENERATION`, `EVENT` (or a newer kind such as `TOOL`), from the event type. */
  type: string;
}
export interface LangfuseTraceView {
  id: string;
  /** Merged `trace-create` bodies; undefined when only observations arrived. */
  trace?: Fields;
  observations: LangfuseObservation[];
  scores: Fields[];
}

export interface LangSmithRun extends Fields {
  id: string;
}

export interface OtlpSpan extends Fields {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  start_ms: number;
  end_ms: number;
  attributes: Fields;
  events: { name: string; time_ms: number; attributes: Fields }[];
  status: { code: number; message?: string };
  resource: Fields;
}

export interface StoreSummary {
  requests: number;
  rejected_requests: number;
  langfuse_events: number;
  langfuse_traces: number;
  langfuse_observations: number;
  /** Langfuse `score-create` events (e.g. user feedback) and LangSmith feedback records. */
  langfuse_scores: number;
  langsmith_feedback: number;
  langsmith_operations: number;
  langsmith_runs: number;
  otlp_spans: number;
}

export interface TraceStoreOptions {
  /** Folder for `requests.jsonl` / `events.jsonl`; `null` keeps everything in memory only. */
  dir?: string | null;
  log?: (line: string) => void;
}

export const DEFAULT_TRACE_BACKEND_DIR = join("data", "runtime", "trace-backend");

export class TraceStore {
  readonly requests: ReceivedRequest[] = [];
  readonly events: ReceivedEvent[] = [];
  /** Where the JSONL files go, or undefined when the store is memory-only. */
  readonly dir?: string;
  private files = new Map<string, WriteStream>();
  private writeFailed = false;
  private readonly log: (line: string) => void;

  constructor(options: TraceStoreOptions = {}) {
    this.log = options.log ?? ((line) => console.warn(line));
    const base = options.dir === undefined ? DEFAULT_TRACE_BACKEND_DIR : options.dir;
    if (base !== null) this.dir = resolve(base, `${new Date().toISOString().replace(/[:.]/g, "-")}-${process.pid}-${Math.random().toString(36).slice(2, 6)}`);
  }

  recordRequest(request: Omit<ReceivedRequest, "seq" | "received_at">): ReceivedRequest {
    const full: ReceivedRequest = { seq: this.requests.length + 1, received_at: new Date().toISOString(), ...request };
    this.requests.push(full);
    this.append("requests.jsonl", full);
    return full;
  }

  recordEvents(request: ReceivedRequest, events: EventInput[]): void {
    for (const event of events) {
      const full: ReceivedEvent = { seq: this.events.length + 1, request_seq: request.seq, received_at: request.received_at, ...event };
      this.events.push(full);
      this.append("events.jsonl", full);
    }
  }

  /** Every decoded request body, concatenated: search it for values that must never arrive. */
  receivedText(): string {
    return this.requests.map((r) => `${r.method} ${r.path}\n${r.body}`).join("\n");
  }

  langfuseTraceIds(): string[] {
    const ids = new Set<string>();
    for (const e of this.events) {
      if (e.protocol !== "langfuse") continue;
      const traceId = e.kind.startsWith("trace-") ? e.id : (e.payload.traceId as string | undefined);
      if (traceId) ids.add(traceId);
    }
    return [...ids];
  }

  langfuseTrace(id: string): LangfuseTraceView | undefined {
    const mine = this.events.filter((e) => e.protocol === "langfuse" && (e.kind.startsWith("trace-") ? e.id === id : e.payload.traceId === id));
    if (mine.length === 0) return undefined;
    const traceEvents = mine.filter((e) => e.kind.startsWith("trace-"));
    const byObservation = new Map<string, ReceivedEvent[]>();
    for (const e of mine) {
      if (e.kind.startsWith("trace-") || e.kind.startsWith("score-") || e.kind === "sdk-log") continue;
      byObservation.set(e.id, [...(byObservation.get(e.id) ?? []), e]);
    }
    const observations: LangfuseObservation[] = [];
    for (const [obsId, events] of byObservation) {
      const merged = mergeInOrder(ordered(events));
      // `span-create` says SPAN; the generic `observation-create` carries its type in the body.
      const prefix = events[0].kind.split("-")[0];
      const type = prefix === "observation" ? String(merged.type ?? "SPAN").toUpperCase() : prefix.toUpperCase();
      observations.push({ ...merged, id: obsId, type });
    }
    return {
      id,
      trace: traceEvents.length ? mergeInOrder(ordered(traceEvents)) : undefined,
      observations,
      scores: mine.filter((e) => e.kind.startsWith("score-")).map((e) => e.payload),
    };
  }

  /** Runs merged from their `post` and `patch` operations (posts first, then patches, each in arrival order). */
  langsmithRuns(): LangSmithRun[] {
    const ops = this.events.filter((e) => e.protocol === "langsmith" && e.kind !== "feedback");
    const byId = new Map<string, ReceivedEvent[]>();
    for (const op of ops) byId.set(op.id, [...(byId.get(op.id) ?? []), op]);
    return [...byId.entries()].map(([id, list]) => {
      const sorted = [...list.filter((e) => e.kind === "post"), ...list.filter((e) => e.kind === "patch")];
      return { ...mergeInOrder(sorted), id };
    });
  }

  /** LangSmith feedback as received (`POST /feedback`), optionally only on one run. */
  langsmithFeedback(runId?: string): Fields[] {
    return this.events.filter((e) => e.protocol === "langsmith" && e.kind === "feedback" && (runId === undefined || e.payload.run_id === runId)).map((e) => e.payload);
  }

  otlpSpans(traceId?: string): OtlpSpan[] {
    return this.events
      .filter((e) => e.protocol === "otlp" && (traceId === undefined || e.payload.traceId === traceId))
      .map((e) => e.payload as OtlpSpan);
  }

  summary(): StoreSummary {
    const langfuse = this.events.filter((e) => e.protocol === "langfuse");
    const langsmith = this.events.filter((e) => e.protocol === "langsmith" && e.kind !== "feedback");
    return {
      requests: this.requests.length,
      rejected_requests: this.requests.filter((r) => r.status >= 400).length,
      langfuse_events: langfuse.length,
      langfuse_traces: new Set(langfuse.filter((e) => e.kind.startsWith("trace-")).map((e) => e.id)).size,
      langfuse_observations: new Set(langfuse.filter((e) => !e.kind.startsWith("trace-") && !e.kind.startsWith("score-") && e.kind !== "sdk-log").map((e) => e.id)).size,
      langfuse_scores: langfuse.filter((e) => e.kind.startsWith("score-")).length,
      langsmith_feedback: this.events.filter((e) => e.protocol === "langsmith" && e.kind === "feedback").length,
      langsmith_operations: langsmith.length,
      langsmith_runs: new Set(langsmith.map((e) => e.id)).size,
      otlp_spans: this.events.filter((e) => e.protocol === "otlp").length,
    };
  }

  /** Ends the JSONL files; resolves once they are on disk. */
  async close(): Promise<void> {
    const streams = [...this.files.values()];
    this.files.clear();
    await Promise.all(streams.map((s) => new Promise<void>((done) => s.end(() => done()))));
  }

  private append(file: string, value: unknown): void {
    if (this.dir === undefined || this.writeFailed) return;
    let stream = this.files.get(file);
    if (!stream) {
      try {
        mkdirSync(this.dir, { recursive: true });
      } catch (error) {
        this.writeFailed = true;
        this.log(`[trace-backend] cannot write ${this.dir} (${(error as Error).message}); keeping events in memory only.`);
        return;
      }
      stream = createWriteStream(join(this.dir, file), { flags: "a" });
      stream.on("error", (error) => {
        if (!this.writeFailed) this.log(`[trace-backend] writing ${file} failed (${error.message}); keeping events in memory only.`);
        this.writeFailed = true;
      });
      this.files.set(file, stream);
    }
    stream.write(JSON.stringify(value) + "\n");
  }
}

/** Creates before updates; within each, the SDK's envelope timestamp, then arrival. */
function ordered(events: ReceivedEvent[]): ReceivedEvent[] {
  const rank = (e: ReceivedEvent) => (e.kind.endsWith("-create") ? 0 : 1);
  return [...events].sort((a, b) => rank(a) - rank(b) || String(a.timestamp ?? "").localeCompare(String(b.timestamp ?? "")) || a.seq - b.seq);
}

/** Later events override earlier ones field by field; null and undefined never erase a value. Metadata merges one level deep. */
function mergeInOrder(events: ReceivedEvent[]): Fields {
  const merged: Fields = {};
  for (const { payload } of events) {
    for (const [key, value] of Object.entries(payload)) {
      if (value === null || value === undefined) continue;
      const prev = merged[key];
      if ((key === "metadata" || key === "extra") && isObject(prev) && isObject(value)) {
        merged[key] = key === "extra" ? { ...prev, ...value, metadata: { ...(prev.metadata as Fields), ...(value.metadata as Fields) } } : { ...prev, ...value };
      } else merged[key] = value;
    }
  }
  return merged;
}

const isObject = (v: unknown): v is Fields => typeof v === "object" && v !== null && !Array.isArray(v);
