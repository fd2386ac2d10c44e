/**
 * What the local trace backend received: request bodies (decoded) and the events in them.
 * Memory is bounded: only a recent window (`maxWindowBytes`) stays in memory, serving the
 * synchronous views below; everything is also persisted to DuckDB (see `DuckDbPersistence`)
 * under the contract's retention, where `query()`, `counts()` and `loadTrace()` reach it.
 * Views merge creates and updates by id whatever order they arrived in, because SDKs batch on
 * timers and the update can land first.
 */
import { join, resolve } from "node:path";
import type { Contract } from "../contract";
import { packagePath } from "../package-root";
import { otelTraceId } from "../trace-id";
import { WorkbookError } from "../workbook-error";
import { DuckDbPersistence, type PersistenceStats, type RetentionDays, type Row } from "./duckdb-persistence";

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
  /** Items refused one by one inside an accepted request (Langfuse's 207 `errors`). */
  rejected_items?: number;
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
  /** Items refused one by one inside accepted requests (Langfuse 207 errors). */
  rejected_items: number;
  langfuse_events: number;
  langfuse_traces: number;
  langfuse_observations: number;
  /** Langfuse `score-create` events (e.g. user feedback) and LangSmith feedback records. */
  langfuse_scores: number;
  langsmith_feedback: number;
  langsmith_operations: number;
  langsmith_runs: number;
  otlp_spans: number;
  /** The fields above describe the in-memory window; these count everything received. */
  totals?: StoreTotals;
  persistence?: PersistenceStats & { path: string };
}

export interface TraceStoreOptions {
  /** Folder of the DuckDB file (`traces.duckdb`); `null` keeps only the in-memory window. */
  dir?: string | null;
  /** Approximate bytes of received text kept in memory (half for requests, half for events). Default 8 MB. */
  maxWindowBytes?: number;
  /** Hot days per environment (`retentionDays(contract)`); required when the store persists to a dir. */
  retention?: RetentionDays;
  log?: (line: string) => void;
}

/** The package's data/runtime/trace-backend, wherever the process runs. */
export const DEFAULT_TRACE_BACKEND_DIR = packagePath("data", "runtime", "trace-backend");
export const DEFAULT_WINDOW_BYTES = 8 * 1024 * 1024;

/** Totals since the store was created, including what left the window. */
export interface StoreTotals {
  requests: number;
  events: number;
  evicted_requests: number;
  evicted_events: number;
  window_bytes: number;
  max_window_bytes: number;
}

export class TraceStore {
  /** The recent window of requests (oldest evicted first). */
  readonly requests: ReceivedRequest[] = [];
  /** The recent window of events (oldest evicted first). */
  readonly events: ReceivedEvent[] = [];
  /** Folder of the DuckDB file, or undefined when the store is memory-only. */
  readonly dir?: string;
  readonly persistence?: DuckDbPersistence;
  /** This store's run: every row it persists carries it, so one file can hold many runs apart. */
  readonly run = `${new Date().toISOString()}-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
  private readonly maxBytes: number;
  private readonly sizes = {
    requests: [] as number[],
    events: [] as number[],
    requestBytes: 0,
    eventBytes: 0,
  };
  private readonly totals = { requests: 0, events: 0, evicted_requests: 0, evicted_events: 0 };

  constructor(options: TraceStoreOptions = {}) {
    this.maxBytes = options.maxWindowBytes ?? DEFAULT_WINDOW_BYTES;
    const base = options.dir === undefined ? DEFAULT_TRACE_BACKEND_DIR : options.dir;
    if (base !== null) {
      this.dir = resolve(base);
      this.persistence = new DuckDbPersistence({
        path: join(this.dir, "traces.duckdb"),
        retention: options.retention ?? missingRetention(),
        log: options.log,
      });
    }
  }

  recordRequest(request: Omit<ReceivedRequest, "seq" | "received_at">): ReceivedRequest {
    this.totals.requests += 1;
    const full: ReceivedRequest = {
      seq: this.totals.requests,
      received_at: new Date().toISOString(),
      ...request,
    };
    this.requests.push(full);
    const size = full.body.length + 200;
    this.sizes.requests.push(size);
    this.sizes.requestBytes += size;
    const { body: _body, ...meta } = full;
    // The raw body is not persisted: its decoded events are, and bodies were most of the old JSONL's 789 MB.
    this.persistence?.add("requests", { ...meta, run: this.run, environment: null });
    this.evict();
    return full;
  }

  recordEvents(request: ReceivedRequest, events: EventInput[]): void {
    // The request's decoded size, shared among its events: a cheap estimate with no extra stringify.
    const each = Math.ceil(request.body.length / Math.max(1, events.length)) + 100;
    for (const event of events) {
      this.totals.events += 1;
      const full: ReceivedEvent = {
        seq: this.totals.events,
        request_seq: request.seq,
        received_at: request.received_at,
        ...event,
      };
      this.events.push(full);
      this.sizes.events.push(each);
      this.sizes.eventBytes += each;
      this.persistence?.add("events", {
        ...full,
        run: this.run,
        trace_id: traceIdOf(full) ?? null,
        environment: environmentOf(full.payload) ?? null,
        timestamp: full.timestamp ?? null,
      });
    }
    this.evict();
  }

  /** Every decoded request body in the window, concatenated: search it for values that must never arrive. */
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
    // Langfuse keys a trace by the UUID over legacy ingestion and by its 32-hex OTel id over OTLP.
    const view = this.langfuseTraceById(id);
    const hex = otelTraceId(id);
    return view ?? (hex === id ? undefined : this.langfuseTraceById(hex));
  }

  private langfuseTraceById(id: string): LangfuseTraceView | undefined {
    const mine = this.events.filter(
      (e) =>
        e.protocol === "langfuse" && (e.kind.startsWith("trace-") ? e.id === id : e.payload.traceId === id),
    );
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
      const type =
        prefix === "observation" ? String(merged.type ?? "SPAN").toUpperCase() : prefix.toUpperCase();
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
    return this.events
      .filter(
        (e) =>
          e.protocol === "langsmith" &&
          e.kind === "feedback" &&
          (runId === undefined || e.payload.run_id === runId),
      )
      .map((e) => e.payload);
  }

  otlpSpans(traceId?: string): OtlpSpan[] {
    return this.events
      .filter((e) => e.protocol === "otlp" && (traceId === undefined || e.payload.traceId === traceId))
      .map((e) => e.payload as OtlpSpan);
  }

  /** Counts over the in-memory window, plus `totals` (everything received) and the DuckDB writer's stats. */
  summary(): StoreSummary {
    const langfuse = this.events.filter((e) => e.protocol === "langfuse");
    const langsmith = this.events.filter((e) => e.protocol === "langsmith" && e.kind !== "feedback");
    return {
      requests: this.requests.length,
      rejected_requests: this.requests.filter((r) => r.status >= 400).length,
      rejected_items: this.requests.reduce((n, r) => n + (r.rejected_items ?? 0), 0),
      langfuse_events: langfuse.length,
      langfuse_traces: new Set(langfuse.filter((e) => e.kind.startsWith("trace-")).map((e) => e.id)).size,
      langfuse_observations: new Set(
        langfuse
          .filter((e) => !e.kind.startsWith("trace-") && !e.kind.startsWith("score-") && e.kind !== "sdk-log")
          .map((e) => e.id),
      ).size,
      langfuse_scores: langfuse.filter((e) => e.kind.startsWith("score-")).length,
      langsmith_feedback: this.events.filter((e) => e.protocol === "langsmith" && e.kind === "feedback")
        .length,
      langsmith_operations: langsmith.length,
      langsmith_runs: new Set(langsmith.map((e) => e.id)).size,
      otlp_spans: this.events.filter((e) => e.protocol === "otlp").length,
      totals: {
        ...this.totals,
        window_bytes: this.sizes.requestBytes + this.sizes.eventBytes,
        max_window_bytes: this.maxBytes,
      },
      ...(this.persistence
        ? { persistence: { ...this.persistence.stats(), path: this.persistence.path } }
        : {}),
    };
  }

  /** SQL over the persisted store (tables `requests`, `events`, `traces`); waits for pending writes first. */
  async query(sql: string, values?: (string | number | boolean | null)[]): Promise<Row[]> {
    if (!this.persistence) throw new StoreNotPersistedError();
    return this.persistence.query(sql, values);
  }

  /** Everything this store received (not just the window), counted in DuckDB. */
  async counts(): Promise<{
    requests: number;
    rejected_requests: number;
    langfuse_events: number;
    langfuse_traces: number;
    langsmith_operations: number;
    langsmith_runs: number;
    otlp_spans: number;
    otlp_traces: number;
  }> {
    const [r] = await this.query(
      `SELECT
        (SELECT count(*) FROM requests WHERE run = $1) AS requests,
        (SELECT count(*) FROM requests WHERE run = $1 AND status >= 400) AS rejected_requests,
        count(*) FILTER (WHERE protocol = 'langfuse') AS langfuse_events,
        count(DISTINCT id) FILTER (WHERE protocol = 'langfuse' AND kind LIKE 'trace-%') AS langfuse_traces,
        count(*) FILTER (WHERE protocol = 'langsmith' AND kind <> 'feedback') AS langsmith_operations,
        count(DISTINCT id) FILTER (WHERE protocol = 'langsmith' AND kind <> 'feedback') AS langsmith_runs,
        count(*) FILTER (WHERE protocol = 'otlp') AS otlp_spans,
        count(DISTINCT trace_id) FILTER (WHERE protocol = 'otlp') AS otlp_traces
      FROM events WHERE run = $1`,
      [this.run],
    );
    return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])) as never;
  }

  /**
   * One trace's events read back from DuckDB into a memory-only store, so `renderTrace` and the
   * views work on traces that have left the window. LangSmith runs are found by their root's
   * `trace_id` (the run tree's id) or by the workbook trace id in its metadata.
   */
  async loadTrace(protocol: Protocol, id: string): Promise<TraceStore> {
    // OTLP keys a trace by its 32-hex id; Langfuse does too when its traces came over OTLP, and by
    // the UUID over legacy ingestion, so both spellings are tried for it.
    const hex = otelTraceId(id);
    const key = protocol === "otlp" ? hex : id;
    const rows = await this.query(
      protocol === "langsmith"
        ? `SELECT * FROM events WHERE run = $1 AND protocol = 'langsmith' AND trace_id IN (SELECT trace_id FROM events WHERE run = $1 AND protocol = 'langsmith' AND (id = $2 OR trace_id = $2 OR payload->'extra'->'metadata'->>'trace_id' = $2)) ORDER BY seq`
        : `SELECT * FROM events WHERE run = $1 AND protocol = $3 AND trace_id IN ($2, $4) ORDER BY seq`,
      protocol === "langsmith" ? [this.run, key] : [this.run, key, protocol, hex],
    );
    const copy = new TraceStore({ dir: null, maxWindowBytes: Number.MAX_SAFE_INTEGER });
    for (const row of rows) {
      copy.events.push({
        seq: Number(row.seq),
        request_seq: Number(row.request_seq),
        received_at: String(row.received_at),
        protocol: row.protocol as Protocol,
        kind: String(row.kind),
        id: String(row.id),
        ...(row.timestamp ? { timestamp: String(row.timestamp) } : {}),
        payload: (typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload) as Record<
          string,
          unknown
        >,
      });
    }
    return copy;
  }

  /** Writes what is pending to DuckDB and closes it. */
  async close(): Promise<void> {
    await this.persistence?.close();
  }

  /** Drops the oldest entries (in chunks, so eviction is amortised) while the window is over budget. */
  private evict(): void {
    const half = this.maxBytes / 2;
    const trim = (
      list: unknown[],
      sizes: number[],
      key: "requestBytes" | "eventBytes",
      counter: "evicted_requests" | "evicted_events",
    ) => {
      if (this.sizes[key] <= half) return;
      let n = 0;
      let freed = 0;
      const target = this.sizes[key] - half * 0.9;
      while (n < sizes.length - 1 && freed < target) freed += sizes[n++];
      list.splice(0, n);
      sizes.splice(0, n);
      this.sizes[key] -= freed;
      this.totals[counter] += n;
    };
    trim(this.requests, this.sizes.requests, "requestBytes", "evicted_requests");
    trim(this.events, this.sizes.events, "eventBytes", "evicted_events");
  }
}

export class StoreNotPersistedError extends WorkbookError {
  override name = "StoreNotPersistedError";
  constructor() {
    super(
      "this trace store keeps only its in-memory window (dir: null); create it with a dir to query DuckDB",
    );
  }
}

/** A persisted store deletes rows by retention; guessing it would keep or drop data nobody chose. */
export class TraceStoreOptionsError extends WorkbookError {
  override name = "TraceStoreOptionsError";
}

function missingRetention(): never {
  throw new TraceStoreOptionsError(
    "TraceStore options.retention is required when the store persists to a dir: pass retentionDays(contract) (the contract's hot days per environment), or dir: null for a memory-only store",
  );
}

/** The contract's hot days per environment, as the DuckDB store prunes by them. */
export function retentionDays(contract: Pick<Contract, "retention">): RetentionDays {
  const r = contract.retention;
  return { dev: r.dev.hot_days, staging: r.staging.hot_days, production: r.production.hot_days };
}

/** The trace an event belongs to: Langfuse trace id, LangSmith root run id, OTLP trace id (hex). */
function traceIdOf(e: ReceivedEvent): string | undefined {
  if (e.protocol === "langfuse")
    return e.kind.startsWith("trace-") ? e.id : (e.payload.traceId as string | undefined);
  if (e.protocol === "langsmith") return (e.payload.trace_id as string | undefined) ?? e.id;
  return e.payload.traceId as string | undefined;
}

/** The contract's `environment` metadata as each protocol carries it. */
function environmentOf(p: Record<string, unknown>): string | undefined {
  const meta = (v: unknown) => (v && typeof v === "object" ? (v as Record<string, unknown>) : undefined);
  const found =
    p.environment ??
    meta(p.metadata)?.environment ??
    meta(meta(p.extra)?.metadata)?.environment ??
    meta(p.attributes)?.["metadata.environment"] ??
    meta(p.resource)?.["deployment.environment.name"];
  return typeof found === "string" ? found : undefined;
}

/** Creates before updates; within each, the SDK's envelope timestamp, then arrival. */
function ordered(events: ReceivedEvent[]): ReceivedEvent[] {
  const rank = (e: ReceivedEvent) => (e.kind.endsWith("-create") ? 0 : 1);
  return [...events].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      String(a.timestamp ?? "").localeCompare(String(b.timestamp ?? "")) ||
      a.seq - b.seq,
  );
}

/** Later events override earlier ones field by field; null and undefined never erase a value. Metadata merges one level deep. */
function mergeInOrder(events: ReceivedEvent[]): Fields {
  const merged: Fields = {};
  for (const { payload } of events) {
    for (const [key, value] of Object.entries(payload)) {
      if (value === null || value === undefined) continue;
      const prev = merged[key];
      if ((key === "metadata" || key === "extra") && isObject(prev) && isObject(value)) {
        merged[key] =
          key === "extra"
            ? { ...prev, ...value, metadata: { ...(prev.metadata as Fields), ...(value.metadata as Fields) } }
            : { ...prev, ...value };
      } else merged[key] = value;
    }
  }
  return merged;
}

const isObject = (v: unknown): v is Fields => typeof v === "object" && v !== null && !Array.isArray(v);
