import { describe, expect, it } from "vitest";
import type { ExportResult, RecordSink } from "../record";
import { createDefaultTools } from "../rag/defaults";
import { createMemorySink } from "./memory-sink";
import { startServer } from "./start";
import { loadContract } from "../contract";

const contract = loadContract();

describe("startServer", () => {
  it("keeps accepting through the drain's grace period: a client that connects just after close() begins gets an answer with Connection: close, not a refused or reset connection", async () => {
    const server = await startServer({ contract, port: 0, timeScale: 0 });
    const closing = server.close({ idleGraceMs: 400 });
    // A new connection (what a client's request still in the accept backlog looks like).
    const res = await fetch(`${server.url}/healthz`, { headers: { connection: "keep-alive" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("connection")).toBe("close");
    expect(((await res.json()) as { draining: boolean }).draining).toBe(true);
    expect((await closing).drained).toBe(true);
    // After the grace the listener is closed.
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it("listens on 127.0.0.1 (port 0 = any free port), answers over real HTTP, and on close finishes in-flight requests and flushes sinks", async () => {
    const memory = createMemorySink();
    let flushed = 0;
    const counting: RecordSink = {
      name: "counting",
      record() {},
      flush: async (): Promise<ExportResult> => (flushed++, { code: "SUCCESS" }),
    };
    // timeScale 0.2 makes the request take a few hundred ms, so close() really has something in flight.
    const server = await startServer({
      contract,
      port: 0,
      timeScale: 0.2,
      tools: createDefaultTools({ timeScale: 0 }),
      sinks: [memory, counting],
    });
    expect(server.host).toBe("127.0.0.1");
    expect(server.port).toBeGreaterThan(0);
    const inFlight = fetch(`${server.url}/ask`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "What are the API rate limits?", prompt_version: "v1" }),
    });
    await new Promise((r) => setTimeout(r, 50));
    const report = await server.close();
    const res = await inFlight;
    expect(res.status).toBe(200);
    const { trace_id } = (await res.json()) as { trace_id: string };
    expect(report.drained).toBe(true);
    expect(report.flushed).toEqual([
      { sink: "memory", result: { code: "SUCCESS" } },
      { sink: "counting", result: { code: "SUCCESS" } },
    ]);
    expect(flushed).toBe(1);
    expect(memory.byTraceId(trace_id)).toBeDefined();
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it("bounds a sink that never finishes flushing", async () => {
    const stuck: RecordSink = {
      name: "stuck",
      record() {},
      flush: () => new Promise<ExportResult>(() => {}),
    };
    const server = await startServer({ contract, port: 0, timeScale: 0, sinks: [stuck] });
    const report = await server.close({ flushTimeoutMs: 50 });
    expect(report.flushed).toEqual([
      { sink: "stuck", result: { code: "FAILED", error: "timed out after 50 ms" } },
    ]);
  });

  it("names the port when it is taken", async () => {
    const first = await startServer({ contract, port: 0, timeScale: 0 });
    await expect(startServer({ contract, port: first.port, timeScale: 0 })).rejects.toThrow(
      new RegExp(`port ${first.port} .* already in use`),
    );
    await first.close();
  });
});
