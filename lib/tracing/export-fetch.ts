/**
 * The fetch both trace SDKs send through. It is where export failures become numbers:
 * - each attempt is bounded (timeout) and can be cancelled at a shutdown deadline;
 * - network errors, timeouts, 429 and 5xx are retried a few times with a short backoff;
 * - a request that still fails is counted (requests and the SDK items it carried) and logged
 *   ONCE per exporter, then answered with a synthetic "accepted" response.
 * Why synthetic: left to themselves the SDKs log an error per batch and keep retrying on their
 * own schedule (LangSmith's can reach ~90 s against a dead server), which is exactly the
 * per-event noise and unbounded exit the service must not have. The loss is not hidden:
 * `stats()` reports it and the sink's `flush()` returns FAILED with the counts.
 */
import { gunzipSync, inflateSync, brotliDecompressSync } from "node:zlib";
import * as zlib from "node:zlib";

export interface ExportStats {
  /** HTTP requests the SDK made (retries not included). */
  requests: number;
  /** Requests given up on after retries: their items were dropped. */
  requests_failed: number;
  retries: number;
  /** SDK items (Langfuse events, LangSmith run operations) the backend accepted. */
  items_sent: number;
  /** SDK items dropped: carried by failed requests or rejected one by one (Langfuse 207 errors). */
  items_failed: number;
  /** `items_failed` by cause; each lost item is counted once, under the cause that ended its last attempt. */
  items_dropped?: Partial<Record<DropReason, number>>;
  last_error?: string;
}

/**
 * Why items were lost after the SDK sent them: `rejected` (4xx, or per-event 207 errors),
 * `server_error` (5xx / 429 after retries), `timeout` (every attempt timed out), `network`
 * (refused, reset), `cancelled` (a flush/shutdown deadline cut the request or its backoff),
 * `queue_full` (more requests waiting for a connection slot than `maxWaiting`), `export_failed`
 * (an exporter that reports failure without a cause, e.g. the OTLP exporter's callback).
 */
export type DropReason =
  "rejected" | "server_error" | "timeout" | "network" | "cancelled" | "queue_full" | "export_failed";

export interface ExportFetchOptions {
  /** Exporter name used in the one log line, e.g. "langfuse". */
  name: string;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
  /** Requests on the wire at once; the rest wait (bounded by `maxWaiting`) so a hanging backend cannot pile up sockets. */
  maxConcurrent?: number;
  /** Requests allowed to wait for a slot; beyond that a request's items are dropped at once (`queue_full`). */
  maxWaiting?: number;
  log?: (line: string) => void;
  fetchImpl?: typeof fetch;
}

export interface ExportFetch {
  fetch: typeof fetch;
  stats(): ExportStats;
  /** Requests currently on the wire (retries and backoff included). */
  inFlight(): number;
  /** Cancels in-flight requests and any retry still waiting: used when a flush deadline passes. */
  abort(reason?: string): void;
  /** One line describing losses, or undefined when nothing was lost. */
  summary(): string | undefined;
}

type Body = string | Uint8Array | ArrayBuffer | Blob | ReadableStream<Uint8Array> | null | undefined;

export function createExportFetch(options: ExportFetchOptions): ExportFetch {
  const {
    name,
    timeoutMs = 10_000,
    retries = 2,
    backoffMs = 250,
    maxConcurrent = 4,
    maxWaiting = 128,
    log = (line: string) => console.warn(line),
  } = options;
  const send =
    options.fetchImpl ??
    ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => fetch(input, init));
  const stats: ExportStats & { items_dropped: Partial<Record<DropReason, number>> } = {
    requests: 0,
    requests_failed: 0,
    retries: 0,
    items_sent: 0,
    items_failed: 0,
    items_dropped: {},
  };
  let cancel = new AbortController();
  let logged = false;
  let active = 0;
  let running = 0;
  const waiting: (() => void)[] = [];

  /** A connection slot, or false when too many requests already wait or the deadline passed. */
  const acquire = async (cancelled: AbortSignal): Promise<boolean> => {
    if (running < maxConcurrent) {
      running += 1;
      return true;
    }
    if (waiting.length >= maxWaiting || cancelled.aborted) return false;
    return new Promise<boolean>((resolve) => {
      const onAbort = () => {
        const i = waiting.indexOf(grant);
        if (i >= 0) waiting.splice(i, 1);
        resolve(false);
      };
      // The slot is handed over by release(): `running` stays the same.
      const grant = () => {
        cancelled.removeEventListener("abort", onAbort);
        resolve(true);
      };
      waiting.push(grant);
      cancelled.addEventListener("abort", onAbort, { once: true });
    });
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };

  const fail = (
    url: string,
    reason: string,
    cause: DropReason,
    items: number,
    attempts: number,
    what: string,
  ) => {
    stats.requests_failed += 1;
    stats.items_failed += items;
    stats.items_dropped[cause] = (stats.items_dropped[cause] ?? 0) + items;
    stats.last_error = reason;
    if (logged) return;
    logged = true;
    log(
      `[tracing] ${name}: ${what} to ${originOf(url)} failed (${reason}) after ${attempts} attempt(s); ${items} item(s) dropped. Further failures are counted, not logged: see stats().`,
    );
  };

  const guarded = async (
    input: Parameters<typeof fetch>[0],
    init: Parameters<typeof fetch>[1] = {},
  ): Promise<Response> => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const method = (init.method ?? "GET").toUpperCase();
    const path = new URL(url).pathname;
    stats.requests += 1;
    active += 1;
    const cancelled = cancel.signal;
    const slot = await acquire(cancelled);
    try {
      if (!slot) {
        const items = await toBytes(init.body as Body)
          .then((b) => countItems(path, method, b, headerOf(init.headers, "content-encoding")))
          .catch(() => 1);
        fail(
          url,
          cancelled.aborted ? describe(cancelled.reason) : `${maxWaiting} requests already waiting`,
          cancelled.aborted ? "cancelled" : "queue_full",
          items,
          0,
          `${method} ${path}`,
        );
        return synthetic(path, method);
      }
      // A stream can be read once: tee it so the first attempt goes out exactly as the SDK built
      // it (chunked) while the spare copy serves retries and counting.
      let body = init.body as Body;
      let spare: Promise<Uint8Array> | undefined;
      if (isStream(body)) {
        const [wire, copy] = body.tee();
        body = wire;
        spare = readAll(copy);
      }
      const bytes = async () => (spare ? await spare : await toBytes(init.body as Body));
      const encoding = headerOf(init.headers, "content-encoding");
      const itemCount = async () => countItems(path, method, await bytes(), encoding);

      let attempt = 0;
      for (;;) {
        attempt += 1;
        // The SDK's own signal is NOT passed on: Langfuse hands in `AbortSignal.timeout(requestTimeout)`,
        // which is already aborted when a timed-out attempt is retried, so every retry failed at once
        // and a batch the server had in fact stored was counted as lost. This fetch owns the timing
        // (a fresh per-attempt timeout) and cancellation (the shutdown deadline) instead; the
        // backends de-duplicate a resent batch by event / run id.
        const signal = AbortSignal.any([cancelled, AbortSignal.timeout(timeoutMs)]);
        let reason: string;
        let cause: DropReason;
        let retryable: boolean;
        try {
          const res = await send(input, { ...init, body: body as never, signal });
          if (res.ok || res.status === 207) {
            const items = await itemCount();
            if (res.status === 207) return await acceptPartial(res, items);
            stats.items_sent += items;
            return res;
          }
          // LangSmith falls back from /runs/multipart to /runs/batch on 404: let it negotiate.
          if (res.status === 404 && path.endsWith("/runs/multipart")) return res;
          reason = `HTTP ${res.status} ${res.statusText}`.trim();
          retryable = res.status === 429 || res.status >= 500;
          cause = retryable ? "server_error" : "rejected";
          // Free the socket: an unread body keeps the connection (and its buffers) alive.
          void res.body?.cancel().catch(() => undefined);
        } catch (error) {
          reason = describe(error);
          cause = cancelled.aborted
            ? "cancelled"
            : (error as Error)?.name === "TimeoutError"
              ? "timeout"
              : "network";
          retryable = !cancelled.aborted;
        }
        if (!retryable || attempt > retries) {
          fail(url, reason, cause, await itemCount().catch(() => 0), attempt, `${method} ${path}`);
          return synthetic(path, method);
        }
        stats.retries += 1;
        await sleep(backoffMs * 2 ** (attempt - 1), cancelled);
        if (cancelled.aborted) {
          fail(
            url,
            describe(cancelled.reason),
            "cancelled",
            await itemCount().catch(() => 0),
            attempt,
            `${method} ${path}`,
          );
          return synthetic(path, method);
        }
        if (spare) body = await spare;
      }
    } finally {
      active -= 1;
      if (slot) release();
    }
  };

  /** Langfuse answers 207 with per-event errors; count them and let the SDK see a clean batch. */
  const acceptPartial = async (res: Response, items: number): Promise<Response> => {
    const parsed = (await res.json().catch(() => ({}))) as {
      successes?: unknown[];
      errors?: { id?: string; status?: number; message?: string }[];
    };
    const errors = Array.isArray(parsed.errors) ? parsed.errors : [];
    stats.items_sent += Math.max(0, items - errors.length);
    if (errors.length) {
      const first = errors[0];
      stats.items_failed += errors.length;
      stats.items_dropped.rejected = (stats.items_dropped.rejected ?? 0) + errors.length;
      stats.last_error =
        `207 with ${errors.length} rejected event(s), e.g. ${first.status ?? "?"} ${first.message ?? ""}`.trim();
      if (!logged) {
        logged = true;
        log(
          `[tracing] ${name}: backend rejected ${errors.length} event(s) (${stats.last_error}). Further failures are counted, not logged: see stats().`,
        );
      }
    }
    return json(207, { successes: parsed.successes ?? [], errors: [] });
  };

  return {
    fetch: guarded as typeof fetch,
    stats: () => ({ ...stats, items_dropped: { ...stats.items_dropped } }),
    inFlight: () => active,
    abort(reason = "flush deadline passed") {
      cancel.abort(new Error(reason));
      cancel = new AbortController();
    },
    summary() {
      if (stats.requests_failed === 0 && stats.items_failed === 0) return undefined;
      return `[tracing] ${name}: ${stats.items_failed} item(s) dropped, ${stats.requests_failed} of ${stats.requests} request(s) failed (last: ${stats.last_error}).`;
    },
  };
}

/** What the SDKs expect from a healthy backend, so they neither retry nor log per batch. */
function synthetic(path: string, method: string): Response {
  if (path.endsWith("/api/public/ingestion")) return json(207, { successes: [], errors: [] });
  // LangSmith without /info falls back to its defaults, which any LangSmith server accepts.
  if (method === "GET") return json(200, {});
  return json(202, {});
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** How many SDK items a request body carries: Langfuse events or LangSmith run operations. */
export function countItems(path: string, method: string, bytes: Uint8Array, encoding?: string): number {
  try {
    if (path.endsWith("/api/public/ingestion"))
      return (JSON.parse(text(bytes)) as { batch?: unknown[] }).batch?.length ?? 0;
    if (path.endsWith("/runs/batch")) {
      const b = JSON.parse(text(bytes)) as { post?: unknown[]; patch?: unknown[] };
      return (b.post?.length ?? 0) + (b.patch?.length ?? 0);
    }
    if (path.endsWith("/runs/multipart")) {
      const body = text(decompress(bytes, encoding));
      return (body.match(/name="(?:post|patch|feedback)\.[^".]+"/g) ?? []).length;
    }
    if (/\/runs(\/[^/]+)?$/.test(path) && (method === "POST" || method === "PATCH")) return 1;
    if (path.endsWith("/feedback") && method === "POST") return 1; // LangSmith createFeedback: one feedback
  } catch {
    // An unparseable body still went out as one request; count it as one item.
    return 1;
  }
  return 0;
}

export function decompress(bytes: Uint8Array, encoding: string | undefined): Uint8Array {
  switch ((encoding ?? "identity").toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return gunzipSync(bytes);
    case "deflate":
      return inflateSync(bytes);
    case "br":
      return brotliDecompressSync(bytes);
    case "zstd": {
      // zlib has zstd from Node 22.15; older Node cannot read (and the SDK cannot send) it.
      const zstd = (zlib as unknown as { zstdDecompressSync?: (b: Uint8Array) => Uint8Array })
        .zstdDecompressSync;
      if (!zstd) throw new Error("zstd is not supported by this Node version");
      return zstd(bytes);
    }
    default:
      return bytes;
  }
}

const text = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
const originOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
};

function describe(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === "TimeoutError") return "timed out";
  if (e?.name === "AbortError") return String((e as { message?: string }).message ?? "aborted");
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
}

function headerOf(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  if (Array.isArray(headers))
    return (headers as [string, string][]).find(([k]) => k.toLowerCase() === name)?.[1];
  const entry = Object.entries(headers as Record<string, string>).find(([k]) => k.toLowerCase() === name);
  return entry?.[1];
}

const isStream = (body: Body): body is ReadableStream<Uint8Array> =>
  typeof (body as ReadableStream | undefined)?.getReader === "function";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

async function toBytes(body: Body): Promise<Uint8Array> {
  if (body === null || body === undefined) return new Uint8Array(0);
  if (typeof body === "string") return Buffer.from(body, "utf8");
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (isStream(body)) return readAll(body);
  if (typeof (body as Blob).arrayBuffer === "function")
    return new Uint8Array(await (body as Blob).arrayBuffer());
  return new Uint8Array(0);
}

/** Waits `ms` or until `signal` aborts; the abort listener is removed either way (the signal is shared by every request). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
