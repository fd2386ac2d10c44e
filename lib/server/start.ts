/**
 * Runs the app on a real socket (default 127.0.0.1:8000; port 0 picks a free port) and stops it
 * gracefully: stop accepting, let in-flight requests finish (bounded), deliver every pending
 * record, then flush the sinks (bounded). Used by `tools/serve.ts`, notebooks and tests.
 */
import type { Server } from "node:http";
import { Server as NetServer, type AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { createApp, type AppOptions, type BotApp } from "./app";
import { isTracingSink } from "../tracing/export-metrics";
import type { LossReport } from "../tracing/tracing-sink";
import { flushSinks, type FlushReport } from "./sink-dispatch";
import { WorkbookError } from "../workbook-error";

export interface StartServerOptions extends AppOptions {
  port?: number;
  host?: string;
  /** An app built elsewhere; otherwise one is created from these options. */
  app?: BotApp;
}

export interface CloseOptions {
  /** How long in-flight requests may take before their connections are cut. */
  drainTimeoutMs?: number;
  /** Per-sink bound on flushing. */
  flushTimeoutMs?: number;
  /** Call `shutdown()` on sinks that have it (process exit) instead of `flush()`. */
  shutdownSinks?: boolean;
  /** How long the server still accepts connections, and requests on idle keep-alive sockets, after close() begins (default 500 ms). */
  idleGraceMs?: number;
}

export interface CloseReport {
  drained: boolean;
  flushed: FlushReport[];
  /** Per trace sink, after the flush: what was delivered and what was lost, by cause. */
  losses: LossReport[];
  /** Records a sink threw on (never delivered to it), per sink. */
  sink_errors: Record<string, number>;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  app: BotApp;
  close(options?: CloseOptions): Promise<CloseReport>;
}

export class ServerStartError extends WorkbookError {
  override name = "ServerStartError";
}

export async function startServer({
  port = 8000,
  host = "127.0.0.1",
  app: given,
  ...appOptions
}: StartServerOptions): Promise<RunningServer> {
  const app = given ?? createApp(appOptions);
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new ServerStartError(
          error.code === "EADDRINUSE"
            ? `port ${port} on ${host} is already in use; set PORT to another port (or 0 for any free one)`
            : `cannot listen on ${host}:${port}: ${error.message}`,
        ),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closing: Promise<CloseReport> | undefined;

  const close = ({
    drainTimeoutMs = 10_000,
    flushTimeoutMs = 3000,
    shutdownSinks = false,
    idleGraceMs = 500,
  }: CloseOptions = {}) =>
    (closing ??= (async () => {
      // Responses from now on carry `Connection: close`, so keep-alive clients do not reuse a
      // socket the server is about to close (which is what gave them ECONNRESET).
      app.startDraining();
      // Keep accepting for a grace period, then stop listening. Closing the listener at once
      // resets every connection still in the kernel's accept backlog (requests a client sent just
      // before the signal), and http.Server.close()'s immediate closeIdleConnections() resets a
      // keep-alive socket a request is being written onto: both gave clients ECONNRESET. During
      // the grace such requests are served with `Connection: close`, so their sockets end
      // cleanly; after it, the listener closes and idle sockets are reaped.
      let reaper: NodeJS.Timeout | undefined;
      let timer: NodeJS.Timeout | undefined;
      let stopListening!: () => void;
      const allClosed = new Promise<boolean>(
        (resolve) => (stopListening = () => NetServer.prototype.close.call(server, () => resolve(true))),
      );
      const grace = setTimeout(() => {
        stopListening();
        server.closeIdleConnections();
        reaper = setInterval(() => server.closeIdleConnections(), 25);
      }, idleGraceMs);
      const drained = await Promise.race([
        allClosed,
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), Math.max(drainTimeoutMs, idleGraceMs));
        }),
      ]);
      clearTimeout(timer);
      clearTimeout(grace);
      clearInterval(reaper);
      if (!drained) server.closeAllConnections();
      await app.settle();
      const flushed = await flushSinks(app.sinks, { timeoutMs: flushTimeoutMs, shutdown: shutdownSinks });
      return {
        drained,
        flushed,
        losses: app.sinks.filter(isTracingSink).map((s) => s.losses()),
        sink_errors: { ...app.stats.sink_errors },
      };
    })());

  return { url: `http://${urlHost}:${address.port}`, host: address.address, port: address.port, app, close };
}
