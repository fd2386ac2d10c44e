/**
 * The small defects of the HTTP face: content types, methods, every response counted, 413 in
 * the stats, `Connection: close` while draining, a trace that cannot be built safely.
 */
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createDefaultTools } from "../rag/defaults";
import { metricValue } from "../tools/load/metric-value";
import { createApp } from "./app";
import { createMemorySink } from "./memory-sink";
import { loadContract } from "../contract";

const contract = loadContract();

const setup = () => {
  const registry = new Registry();
  const memory = createMemorySink();
  const app = createApp({
    contract,
    timeScale: 0,
    tools: createDefaultTools({ timeScale: 0, failureRate: 0 }),
    sinks: [memory],
    metricsRegistry: registry,
    maxBodyBytes: 1_000,
  });
  return { app, registry, memory };
};
const ask = (
  type: string | undefined,
  body = JSON.stringify({ query: "What are the API rate limits?" }),
) => ({
  method: "POST",
  headers: (type ? { "content-type": type } : {}) as Record<string, string>,
  body,
});

describe("the HTTP face's small defects", () => {
  it.each<[string | undefined, number]>([
    ["text/plain", 415],
    ["text/plain;charset=UTF-8", 415],
    ["application/x-www-form-urlencoded", 415],
    ["multipart/form-data; boundary=x", 415],
    [undefined, 415],
    ["application/json", 200],
    ["application/json; charset=utf-8", 200],
    ["application/vnd.api+json", 200],
  ])("POST /ask with Content-Type %s answers %i, and a 415 never reaches the LLM", async (type, status) => {
    const { app, memory } = setup();
    const res = await app.request("/ask", ask(type));
    expect(res.status).toBe(status);
    await app.settle();
    expect(memory.records.length).toBe(status === 200 ? 1 : 0);
    if (status === 415)
      expect(((await res.json()) as { error: { type: string } }).error.type).toBe("unsupported_media_type");
  });

  it.each([
    ["GET", "/ask", "POST"],
    ["PUT", "/ask", "POST"],
    ["DELETE", "/healthz", "GET, HEAD"],
    ["POST", "/metrics", "GET, HEAD"],
  ])("%s %s answers 405 with Allow: %s", async (method, path, allow) => {
    const { app } = setup();
    const res = await app.request(path, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe(allow);
  });

  it("counts every response class in http_requests_total and 413 in the request stats", async () => {
    const { app, registry } = setup();
    await app.request("/ask", ask("application/json"));
    await app.request("/ask", ask("text/plain"));
    await app.request("/ask", ask("application/json", JSON.stringify({ query: "x".repeat(2_000) })));
    await app.request("/ask", ask("application/json", "{not json"));
    await app.request("/ask", { method: "GET" });
    await app.request("/nowhere/42");
    const text = await registry.metrics();
    const codes = Object.fromEntries(
      ["200", "400", "404", "405", "413", "415"].map((code) => [
        code,
        metricValue(text, "http_requests_total", { code }),
      ]),
    );
    expect(codes).toEqual({ 200: 1, 400: 1, 404: 1, 405: 1, 413: 1, 415: 1 });
    expect(metricValue(text, "http_requests_total", { route: "unmatched" })).toBe(1);
    expect(app.stats).toMatchObject({ requests: 4, answered: 1, rejected: 3 });
    expect(app.stats.responses).toMatchObject({ 200: 1, 413: 1, 415: 1, 404: 1, 405: 1 });
  });

  it("answers with Connection: close once draining", async () => {
    const { app } = setup();
    expect((await app.request("/healthz")).headers.get("connection")).toBeNull();
    app.startDraining();
    const res = await app.request("/healthz");
    expect(res.headers.get("connection")).toBe("close");
    expect(((await res.json()) as { draining: boolean }).draining).toBe(true);
  });
});
