/**
 * Exports fail on purpose (a capture proxy rejects every 3rd ingestion request with 400) and
 * the counters the service shows in `/metrics` must agree, per hub, with what the proxy saw:
 * items delivered = items the backend accepted; items dropped = items the proxy rejected.
 */
import { Registry } from "prom-client";
import { afterAll, describe, expect, it } from "vitest";
import { readConfig } from "../../config";
import { startServer, type RunningServer } from "../../server/start";
import { createTracingSinks } from "../../tracing/create-tracing-sinks";
import { startLocalTraceBackend, type LocalTraceBackend } from "../../tracing/local-backend";
import { driveLoad } from "../../server/drive-traffic";
import { startCaptureProxy, type CaptureProxy, type Hub } from "./fault-backend";
import { metricValue } from "./metric-value";
import { loadContract } from "../../contract";

const contract = loadContract();

describe("drop counters agree with a capture server when exports fail on purpose", () => {
  let backend: LocalTraceBackend;
  let proxy: CaptureProxy;
  let server: RunningServer;
  let metrics = "";
  let answered = 0;

  afterAll(async () => {
    await server?.close({ flushTimeoutMs: 5_000, shutdownSinks: true });
    await proxy?.close();
    await backend?.close();
  });

  it("runs 150 requests through all three hubs with every 3rd export rejected", async () => {
    backend = await startLocalTraceBackend({ dir: null, maxWindowBytes: 256 * 1024 * 1024 });
    proxy = await startCaptureProxy({ target: backend.url, rejectEvery: 3 });
    const config = readConfig({
      LANGFUSE_PUBLIC_KEY: "pk-lf-drops",
      LANGFUSE_SECRET_KEY: "sk-lf-drops",
      LANGFUSE_BASEURL: proxy.url,
      LANGSMITH_TRACING: "true",
      LANGSMITH_ENDPOINT: proxy.url,
      LANGSMITH_API_KEY: "lsv2-drops",
      OTEL_EXPORTER_OTLP_ENDPOINT: proxy.url,
    });
    const tracing = await createTracingSinks(config, {
      contract,
      embedded: false,
      flushIntervalMs: 100,
      log: () => undefined,
    });
    const registry = new Registry();
    server = await startServer({
      contract,
      port: 0,
      timeScale: 0,
      sinks: tracing.sinks,
      metricsRegistry: registry,
    });
    // Three waves with a flush after each, so every hub sends several batches (OTLP batches up to 512 spans).
    for (let wave = 0; wave < 3; wave++) {
      const outcomes = await driveLoad({ url: server.url, total: 50, concurrency: 10 }).done;
      answered += outcomes.filter((o) => o.status === 200).length;
      for (const sink of tracing.sinks) await sink.flush(20_000);
    }
    metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(answered).toBe(150);
  }, 120_000);

  it.each<Hub>(["langfuse", "langsmith", "otel"])(
    "%s: delivered and dropped items match the proxy's counts",
    (hub) => {
      expect(proxy.rejected[hub], "the proxy really rejected some").toBeGreaterThan(0);
      expect(proxy.accepted[hub], "and let some through").toBeGreaterThan(0);
      expect(metricValue(metrics, "trace_export_items_total", { sink: hub })).toBe(proxy.accepted[hub]);
      expect(metricValue(metrics, "trace_export_dropped_total", { sink: hub })).toBe(proxy.rejected[hub]);
      expect(metricValue(metrics, "trace_export_records_total", { sink: hub })).toBe(150);
    },
  );

  it("counts every response class in http_requests_total", () => {
    expect(metricValue(metrics, "http_requests_total", { route: "/ask", code: "200" })).toBe(answered);
  });
});
