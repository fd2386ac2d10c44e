/**
 * The embedded trace backend: a loopback HTTP server that speaks the ingestion protocols the
 * real SDKs use, so the workbook traces end to end with no vendor account.
 * - Langfuse: `POST /api/public/ingestion` (207 Multi-Status).
 * - LangSmith: `GET /info`, `POST /runs/multipart` (chunked or gzip/zstd), `POST /runs/batch`,
 *   `POST /runs`, `PATCH /runs/:id`, and `POST /feedback` (createFeedback).
 * - OTLP/HTTP JSON: `POST /v1/traces` (also at Langfuse's `/api/public/otel/v1/traces`).
 * It stores what it received (see `TraceStore`) and serves its own view: `GET /local/summary`,
 * `GET /local/tree?protocol=langfuse|langsmith|otlp&id=<trace id>`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as zlib from "node:zlib";
import { decompress } from "./export-fetch";
import { decodeLangfuseIngestion } from "./langfuse-ingest";
import { decodeLangSmithFeedback } from "./langsmith-feedback-ingest";
import { decodeLangSmithBatch, decodeLangSmithMultipart, decodeLangSmithRun } from "./langsmith-ingest";
import { boundaryOf } from "./multipart";
import { decodeOtlpJson } from "./otlp-ingest";
import { renderTrace } from "./render-tree";
import { TraceStore, type EventInput } from "./trace-store";

/** What `GET /info` tells LangSmith clients; it decides how they send (multipart, batch, compression). */
export interface LangSmithServerInfo {
  version?: string;
  batch_ingest_config?: { use_multipart_endpoint?: boolean; size_limit?: number; size_limit_bytes?: number; [key: string]: unknown };
  instance_flags?: Record<string, unknown>;
  [key: string]: unknown;
}

/** zlib has zstd from Node 22.15; advertise it only when this process can decode it. */
export const ZSTD_DECODABLE = typeof (zlib as unknown as { zstdDecompressSync?: unknown }).zstdDecompressSync === "function";

/** Multipart streamed without compression, the SDK's default against a server with no compression flags. */
export const DEFAULT_LANGSMITH_INFO: LangSmithServerInfo = {
  version: "0.12.0-workbook-local",
  batch_ingest_config: { use_multipart_endpoint: true, size_limit: 100, size_limit_bytes: 20_971_520 },
  instance_flags: { gzip_body_enabled: false, zstd_compression_enabled: false },
};

export interface LocalTraceBackendOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** JSONL folder (default `data/runtime/trace-backend/`); `null` keeps events in memory only. */
  dir?: string | null;
  langsmithInfo?: LangSmithServerInfo;
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

export class BackendStartError extends Error {
  override name = "BackendStartError";
}

export async function startLocalTraceBackend(options: LocalTraceBackendOptions = {}): Promise<LocalTraceBackend> {
  const { host = "127.0.0.1", port = 0, requireAuth = true, maxBodyBytes = 50 * 1024 * 1024, delayMs = 0 } = options;
  const info = options.langsmithInfo ?? DEFAULT_LANGSMITH_INFO;
  const store = new TraceStore({ dir: options.dir, log: options.log });

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => reply(res, 500, { error: `trace backend: ${(error as Error).message}` }));
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
      if (path === "/local/summary") return reply(res, 200, store.summary());
      if (path === "/local/tree") {
        const protocol = url.searchParams.get("protocol") ?? "langfuse";
        const tree = renderTrace(store, protocol as "langfuse", url.searchParams.get("id") ?? "");
        return tree === undefined ? reply(res, 404, { error: `no ${protocol} trace with id "${url.searchParams.get("id")}"` }) : replyText(res, 200, tree);
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
      const boundary = boundaryOf(contentType);
      if (!boundary || !/multipart\/form-data/i.test(contentType ?? "")) return reject(400, "content-type: expected multipart/form-data with a boundary");
      const decoded = decodeLangSmithMultipart(body, boundary);
      if (decoded.ok === false) return reject(400, decoded.error);
      [events, status] = [decoded.events, 202];
    } else {
      if (route.protocol === "otlp" && !/json/i.test(contentType ?? "")) {
        return reject(415, `content-type ${contentType}: this backend accepts OTLP/HTTP JSON only (set the exporter to http/json)`);
      }
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (error) {
        return reject(400, `body: not valid JSON (${(error as Error).message})`);
      }
      if (route.name === "ingestion") {
        const decoded = decodeLangfuseIngestion(data);
        if (decoded.ok === false) return reject(400, decoded.error);
        [events, status, response] = [decoded.events, 207, decoded.response];
      } else if (route.name === "feedback") {
        const decoded = decodeLangSmithFeedback(data);
        if (decoded.ok === false) return reject(400, decoded.error);
        [events, status, response] = [decoded.events, 200, decoded.response];
      } else if (route.name === "otlp") {
        const decoded = decodeOtlpJson(data);
        if (decoded.ok === false) return reject(400, decoded.error);
        [events, status, response] = [decoded.events, 200, { partialSuccess: {} }];
      } else {
        const decoded = route.name === "batch" ? decodeLangSmithBatch(data) : decodeLangSmithRun(data, route.name === "patch" ? "patch" : "post", route.id);
        if (decoded.ok === false) return reject(400, decoded.error);
        [events, status] = [decoded.events, 202];
      }
    }
    const request = store.recordRequest({ ...base, status, body: text });
    store.recordEvents(request, events);
    return reply(res, status, response);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) => reject(new BackendStartError(`trace backend could not listen on ${host}:${port} (${(error as Error).message})`)));
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

type Route = { protocol: "langfuse" | "langsmith" | "otlp"; name: "ingestion" | "multipart" | "batch" | "post" | "patch" | "otlp" | "feedback"; id?: string };

function routeOf(method: string, path: string): Route | undefined {
  if (method === "POST" && path === "/api/public/ingestion") return { protocol: "langfuse", name: "ingestion" };
  if (method === "POST" && (path === "/v1/traces" || path === "/api/public/otel/v1/traces")) return { protocol: "otlp", name: "otlp" };
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
    const [user, pass] = Buffer.from(authorization.replace(/^Basic\s+/i, ""), "base64").toString("utf8").split(":");
    return /^Basic\s+/i.test(authorization) && user && pass ? undefined : "Authorization: expected Basic auth with the Langfuse public key and secret key (LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY)";
  }
  if (protocol === "langsmith") return header(req, "x-api-key") || authorization ? undefined : "x-api-key: missing (LANGSMITH_API_KEY)";
  return undefined;
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
