/**
 * Trace backends that misbehave on purpose, on 127.0.0.1, for the fault suite:
 * - `hang`: accepts connections and never answers;
 * - `500`: answers every request with 500;
 * - `closed`: a port nothing listens on (connection refused);
 * and a capture proxy in front of a real local backend that rejects every k-th ingestion
 * request of each hub (the first included) with 400 and counts, per hub, the SDK items it let through and the ones it rejected:
 * the ground truth the service's drop counters must agree with.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { countItems, decompress } from "../../tracing/export-fetch";

export type FaultMode = "hang" | "500" | "closed";

export interface FaultBackend {
  url: string;
  /** Requests that reached it. */
  requests(): number;
  close(): Promise<void>;
}

export async function startFaultBackend(mode: FaultMode): Promise<FaultBackend> {
  let requests = 0;
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    requests += 1;
    req.resume();
    if (mode === "500")
      req.on("end", () =>
        res.writeHead(500, { "content-type": "application/json" }).end('{"error":"injected fault"}'),
      );
    // `hang`: never answer.
  });
  server.on("connection", (s) => (sockets.add(s), s.on("close", () => sockets.delete(s))));
  const port = await listen(server);
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  if (mode === "closed") await close();
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: mode === "closed" ? async () => undefined : close,
  };
}

export type Hub = "langfuse" | "langsmith" | "otel";

export interface CaptureProxy {
  url: string;
  /** SDK items per hub that the backend accepted (207 per-event errors subtracted). */
  accepted: Record<Hub, number>;
  /** SDK items per hub in requests this proxy rejected (or the backend refused). */
  rejected: Record<Hub, number>;
  close(): Promise<void>;
}

const LANGFUSE_PATHS = ["/api/public/ingestion", "/api/public/otel/v1/traces"];
const hubOf = (path: string): Hub | undefined =>
  LANGFUSE_PATHS.some((p) => path.endsWith(p))
    ? "langfuse"
    : path.endsWith("/v1/traces")
      ? "otel"
      : path.startsWith("/runs")
        ? "langsmith"
        : undefined;

/** Items in one request: Langfuse events, LangSmith run operations, OTLP spans. */
function itemsIn(hub: Hub, path: string, method: string, body: Buffer, encoding?: string): number {
  if (!path.endsWith("/v1/traces")) return countItems(path, method, body, encoding);
  const data = JSON.parse(Buffer.from(decompress(body, encoding)).toString("utf8")) as {
    resourceSpans?: { scopeSpans?: { spans?: unknown[] }[] }[];
  };
  return (data.resourceSpans ?? [])
    .flatMap((r) => r.scopeSpans ?? [])
    .reduce((n, s) => n + (s.spans?.length ?? 0), 0);
}

export async function startCaptureProxy({
  target,
  rejectEvery,
}: {
  target: string;
  rejectEvery: number;
}): Promise<CaptureProxy> {
  const accepted: Record<Hub, number> = { langfuse: 0, langsmith: 0, otel: 0 };
  const rejected: Record<Hub, number> = { langfuse: 0, langsmith: 0, otel: 0 };
  const ingestions: Record<Hub, number> = { langfuse: 0, langsmith: 0, otel: 0 };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const method = (req.method ?? "GET").toUpperCase();
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const hub = method === "GET" ? undefined : hubOf(path);
    const encoding = req.headers["content-encoding"] as string | undefined;
    // Per hub, the 1st, (k+1)th, (2k+1)th... request: every hub sees rejections however few batches it sends.
    if (hub && ingestions[hub]++ % rejectEvery === 0) {
      rejected[hub] += itemsIn(hub, path, method, body, encoding);
      res
        .writeHead(400, { "content-type": "application/json" })
        .end('{"error":"rejected on purpose by the capture proxy"}');
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        ([k]) => !["host", "content-length", "connection", "transfer-encoding"].includes(k),
      ),
    ) as Record<string, string>;
    const upstream = await fetch(`${target}${req.url}`, {
      method,
      headers,
      body: method === "GET" || method === "HEAD" ? undefined : body,
    });
    const text = await upstream.text();
    if (hub) {
      const items = itemsIn(hub, path, method, body, encoding);
      const errors =
        upstream.status === 207
          ? ((JSON.parse(text) as { errors?: unknown[] }).errors?.length ?? 0)
          : upstream.ok
            ? 0
            : items;
      accepted[hub] += items - errors;
      rejected[hub] += errors;
    }
    res
      .writeHead(upstream.status, {
        "content-type": upstream.headers.get("content-type") ?? "application/json",
      })
      .end(text);
  };
  const server = createServer(
    (req, res) => void handle(req, res).catch((e) => res.writeHead(502).end(String(e))),
  );
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    accepted,
    rejected,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}
