/**
 * The embedded trace backend: a loopback HTTP server that speaks the ingestion protocols the
 * real SDKs use, so the workbook traces end to end with no vendor account.
 * - Langfuse, as a current (v4) server: `POST /api/public/otel/v1/traces` (OTLP/HTTP JSON, Basic
 *   auth) mapped into traces and observations the way the server maps them;
 *   `POST /api/public/ingestion` (207 Multi-Status) in write mode `events_only` by default
 *   (trace and observation events rejected per event, scores and SDK logs accepted; `legacy`
 *   accepts all), every event validated like upstream; `GET /api/public/health`.
 * - LangSmith: `GET /info`, `POST /runs/multipart` (chunked or gzip/zstd), `POST /runs/batch`,
 *   `POST /runs`, `PATCH /runs/:id`, and `POST /feedback` (createFeedback).
 * - OTLP/HTTP JSON: `POST /v1/traces`.
 * It stores what it received (see `TraceStore`) and serves its own view: `GET /local/summary`,
 * `GET /local/tree?protocol=langfuse|langsmith|otlp&id=<trace id>`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as zlib from "node:zlib";
import { decompress } from "./export-fetch";
import { decodeLangfuseIngestion, type LangfuseWriteMode } from "./langfuse-ingest";
import { langfuseEventsFromOtlp } from "./langfuse-otel-ingest";
import { decodeLangSmithFeedback } from "./langsmith-feedback-ingest";
import { decodeLangSmithBatch, decodeLangSmithMultipart, decodeLangSmithRun } from "./langsmith-ingest";
import { decodeOtlpJson } from "./otlp-ingest";
import { renderTrace } from "./render-tree";

import { WorkbookError } from "../workbook-error";
import type { RetentionDays } from "./duckdb-persistence";
import { TraceStore, type EventInput, type OtlpSpan } from "./trace-store";

/** What `GET /info` tells LangSmith clients; it decides how they send (multipart, batch, compression). */
export interface LangSmithServerInfo {
  version?: string;
  batch_ingest_config?: {
    use_multipart_endpoint?: boolean;
    size_limit?: number;
    size_limit_bytes?: number;
    [key: string]: unknown;
  };
  instance_flags?: Record<string, unknown>;
  [key: string]: unknown;
}

/** zlib has zstd from Node 22.15; advertise it only when this process can decode it. */
export const ZSTD_DECODABLE =
  typeof (zlib as unknown as { zstdDecompressSync?: unknown }).zstdDecompressSync === "function";

/** Multipart streamed without compression, the SDK's default against a server with no compression flags. */
export const DEFAULT_LANGSMITH_INFO: LangSmithServerInfo = {
  version: "0.12.0-workbook-local",
  batch_ingest_config: { use_multipart_endpoint: true, size_limit: 100, size_limit_bytes: 20_971_520 },
  instance_flags: { gzip_body_enabled: false, zstd_compression_enabled: false },
};

/** The Langfuse server version `GET /api/public/health` reports (the upstream release this backend follows). */
export const LANGFUSE_EMULATED_VERSION = "4.16.0";

export interface LocalTraceBackendOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Folder of the DuckDB store (default `data/runtime/trace-backend/`); `null` keeps only the in-memory window. */
  dir?: string | null;
  /** Hot days per environment the DuckDB store keeps (`retentionDays(contract)`); required unless `dir` is null. */
  retention?: RetentionDays;
  /** Bytes of received text kept in memory (default 8 MB); older data is in DuckDB only. */
  maxWindowBytes?: number;
  langsmithInfo?: LangSmithServerInfo;
  /**
   * Langfuse's `LANGFUSE_MIGRATION_V4_WRITE_MODE` as this backend plays it: `events_only` (the v4
   * default; the legacy ingestion endpoint takes scores and SDK logs only) or `legacy` (a v3
   * server, or v4 in `dual` mode: every event type).
   */
  langfuseWriteMode?: LangfuseWriteMode;
  /** Reject ingestion without credentials, as the real services do. */
  requireAuth?: boolean;
  maxBodyBytes?: number;
  /** Wait this long before answering ingestion requests: a slow backend, for tests. */
  delayMs?: number;
  log?: (line: string) => void;
}

export interface LocalTraceBackend {
  url: string;
  port: number;
  store: TraceStore;
  close(): Promise<void>;
}

export class BackendStartError extends WorkbookError {
  override name = "BackendStartError";
}

export async function startLocalTraceBackend(
  options: LocalTraceBackendOptions = {},
): Promise<LocalTraceBackend> {
  const {
    host = "127.0.0.1",
    port = 0,
    requireAuth = true,
    maxBodyBytes = 50 * 1024 * 1024,
    delayMs = 0,
  } = options;
  const info = options.langsmithInfo ?? DEFAULT_LANGSMITH_INFO;
  const writeMode = options.langfuseWriteMode ?? "events_only";
  const store = new TraceStore({
    dir: options.dir,
    retention: options.retention,
    maxWindowBytes: options.maxWindowBytes,
    log: options.log,
  });

  const server = createServer((req, res) => {
    handle(req, res).catch((error) =>
      reply(res, 500, { error: `trace backend: ${(error as Error).message}` }),
    );
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://local");
    const method = (req.method ?? "GET").toUpperCase();
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const wire = await readBody(req, maxBodyBytes);
    if (wire === undefined) return reply(res, 413, { error: `body larger than ${maxBodyBytes} bytes` });

    if (method === "GET") {
      if (path === "/info") {
        // Part of what a LangSmith client sends (it probes before its first batch), so it is kept.
        store.recordRequest({ method, path, bytes: 0, status: 200, body: "" });
        return reply(res, 200, info);
      }
      if (path === "/healthz") return reply(res, 200, { ok: true });
      if (path === "/api/public/health")
        return reply(res, 200, { status: "OK", version: LANGFUSE_EMULATED_VERSION });
      if (path === "/local/summary") return reply(res, 200, store.summary());
      if (path === "/local/tree") {
        const protocol = url.searchParams.get("protocol") ?? "langfuse";
        const tree = renderTrace(store, protocol as "langfuse", url.searchParams.get("id") ?? "");
        return tree === undefined
          ? reply(res, 404, { error: `no ${protocol} trace with id "${url.searchParams.get("id")}"` })
          : replyText(res, 200, tree);
      }
    }

    const route = routeOf(method, path);
    if (!route) return reply(res, 404, { error: `no route for ${method} ${path}` });

    const encoding = header(req, "content-encoding");
    const contentType = header(req, "content-type");
    const base = { method, path, content_type: contentType, content_encoding: encoding, bytes: wire.length };
    let body: Buffer;
    try {
      body = Buffer.from(decompress(wire, encoding));
    } catch (error) {
      const status = encoding === "zstd" ? 415 : 400;
      const message = `content-encoding ${encoding}: ${(error as Error).message}`;
      store.recordRequest({ ...base, status, body: `[undecodable: ${wire.length} bytes]`, error: message });
      return reply(res, status, { error: message });
    }
    const text = body.toString("utf8");
    const reject = (status: number, error: string) => {
      store.recordRequest({ ...base, status, body: text, error });
      return reply(res, status, { error });
    };

    const authProblem = requireAuth ? checkAuth(route.protocol, req) : undefined;
    if (authProblem) return reject(401, authProblem);
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));

    let events: EventInput[];
    let status: number;
    let response: unknown = {};
    if (route.name === "multipart") {
      const decoded = await decodeLangSmithMultipart(body, contentType);
      if (decoded.ok === false) return reject(400, decoded.error);
      [events, status] = [decoded.events, 202];
    } else {
      if (route.name === "langfuse-otel" && !/application\/(json|x-protobuf)/i.test(contentType ?? "")) {
        // Langfuse's own answer to anything but OTLP JSON or protobuf.
        return reject(400, "Invalid content type");
      }
      if ((route.protocol === "otlp" || route.name === "langfuse-otel") && !/json/i.test(contentType ?? "")) {
        return reject(
          415,
          `content-type ${contentType}: this backend accepts OTLP/HTTP JSON only (set the exporter to http/json)`,
        );
      }
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (error) {
        return reject(400, `body: not valid JSON (${(error as Error).message})`);
      }
      if (route.name === "ingestion") {
        const decoded = decodeLangfuseIngestion(data, writeMode);
        if (decoded.ok === false) {
          store.recordRequest({ ...base, status: decoded.status, body: text, error: decoded.error });
          return reply(res, decoded.status, decoded.response);
        }
        [events, status, response] = [decoded.events, 207, decoded.response];
        const rejected = decoded.response.errors.length;
        if (rejected) {
          // Per-event rejections ride on a 207: keep them with the request, as the server logs them.
          const request = store.recordRequest({
            ...base,
            status,
            body: text,
            rejected_items: rejected,
            error: `${rejected} event(s) rejected: ${summarizeErrors(decoded.response.errors)}`,
          });
          store.recordEvents(request, events);
          return reply(res, status, response);
        }
      } else if (route.name === "langfuse-otel") {
        const decoded = decodeOtlpJson(data);
        if (decoded.ok === false) return reject(400, `Invalid OTLP trace export: ${decoded.error}`);
        [events, status, response] = [
          langfuseEventsFromOtlp(decoded.events.map((e) => e.payload as OtlpSpan)),
          200,
          {},
        ];
      } else if (route.name === "feedback") {
        const decoded = decodeLangSmithFeedback(data);
        if (decoded.ok === false) return reject(400, decoded.error);
        [events, status, response] = [decoded.events, 200, decoded.response];
      } else if (route.name === "otlp") {
        const decoded = decodeOtlpJson(data);
        if (decoded.ok === false) return reject(400, decoded.error);
        [events, status, response] = [decoded.events, 200, { partialSuccess: {} }];
      } else {
        const decoded =
          route.name === "batch"
            ? decodeLangSmithBatch(data)
            : decodeLangSmithRun(data, route.name === "patch" ? "patch" : "post", route.id);
        if (decoded.ok === false) return reject(400, decoded.error);
        [events, status] = [decoded.events, 202];
      }
    }
    const request = store.recordRequest({ ...base, status, body: text });
    store.recordEvents(request, events);
    return reply(res, status, response);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) =>
      reject(
        new BackendStartError(
          `trace backend could not listen on ${host}:${port} (${(error as Error).message})`,
        ),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${actual}`,
    port: actual,
    store,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => store.close());
      return closed;
    },
  };
}

type Route = {
  protocol: "langfuse" | "langsmith" | "otlp";
  name: "ingestion" | "langfuse-otel" | "multipart" | "batch" | "post" | "patch" | "otlp" | "feedback";
  id?: string;
};

function routeOf(method: string, path: string): Route | undefined {
  if (method === "POST" && path === "/api/public/ingestion")
    return { protocol: "langfuse", name: "ingestion" };
  if (method === "POST" && path === "/api/public/otel/v1/traces")
    return { protocol: "langfuse", name: "langfuse-otel" };
  if (method === "POST" && path === "/v1/traces") return { protocol: "otlp", name: "otlp" };
  if (method === "POST" && path === "/runs/multipart") return { protocol: "langsmith", name: "multipart" };
  if (method === "POST" && path === "/runs/batch") return { protocol: "langsmith", name: "batch" };
  if (method === "POST" && path === "/runs") return { protocol: "langsmith", name: "post" };
  if (method === "POST" && path === "/feedback") return { protocol: "langsmith", name: "feedback" };
  const patch = /^\/runs\/([^/]+)$/.exec(path);
  if (method === "PATCH" && patch) return { protocol: "langsmith", name: "patch", id: patch[1] };
  return undefined;
}

function checkAuth(protocol: Route["protocol"], req: IncomingMessage): string | undefined {
  const authorization = header(req, "authorization") ?? "";
  if (protocol === "langfuse") {
    const [user, pass] = Buffer.from(authorization.replace(/^Basic\s+/i, ""), "base64")
      .toString("utf8")
      .split(":");
    return /^Basic\s+/i.test(authorization) && user && pass
      ? undefined
      : "Authorization: expected Basic auth with the Langfuse public key and secret key (LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY)";
  }
  if (protocol === "langsmith")
    return header(req, "x-api-key") || authorization ? undefined : "x-api-key: missing (LANGSMITH_API_KEY)";
  return undefined;
}

/** `400 Event type not accepted x3, 400 Invalid request data x1`. */
function summarizeErrors(errors: { status: number; message: string }[]): string {
  const counts = new Map<string, number>();
  for (const e of errors)
    counts.set(`${e.status} ${e.message}`, (counts.get(`${e.status} ${e.message}`) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${k} x${n}`).join(", ");
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** Reads a body, chunked or not; undefined once it exceeds the limit. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function replyText(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(body);
}
