import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";
import { renderTrace } from "./render-tree";
import { loadContract } from "../contract";
import { retentionDays, TraceStore, type EventInput } from "./trace-store";

const retention = retentionDays(loadContract());
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "trace-store-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** One Langfuse ingestion request: a trace-create and a span-create for trace `t<i>`. */
function receive(store: TraceStore, i: number, environment = "dev") {
  const body = JSON.stringify({ batch: [{ id: `e${i}` }], pad: "x".repeat(2_000) });
  const request = store.recordRequest({
    method: "POST",
    path: "/api/public/ingestion",
    bytes: body.length,
    status: 207,
    body,
  });
  const events: EventInput[] = [
    {
      protocol: "langfuse",
      kind: "trace-create",
      id: `t${i}`,
      timestamp: "2026-01-01T00:00:00.000Z",
      payload: { id: `t${i}`, name: "support-bot.ask.v2", environment, metadata: { environment } },
    },
    {
      protocol: "langfuse",
      kind: "span-create",
      id: `s${i}`,
      timestamp: "2026-01-01T00:00:00.001Z",
      payload: {
        id: `s${i}`,
        traceId: `t${i}`,
        name: "retrieval",
        startTime: "2026-01-01T00:00:00.000Z",
        endTime: "2026-01-01T00:00:00.005Z",
        environment,
      },
    },
  ];
  store.recordEvents(request, events);
}

describe("TraceStore", () => {
  it("keeps a bounded window in memory however much it receives, and counts what left it", () => {
    const store = new TraceStore({ dir: null, maxWindowBytes: 200_000 });
    for (let i = 0; i < 2_000; i++) receive(store, i);
    const summary = store.summary();
    expect(store.requests.length).toBeLessThan(100);
    expect(store.events.length).toBeLessThan(200);
    expect(summary.totals).toMatchObject({ requests: 2_000, events: 4_000 });
    expect(summary.totals!.window_bytes).toBeLessThanOrEqual(200_000);
    expect(summary.totals!.evicted_requests + store.requests.length).toBe(2_000);
    expect(summary.totals!.evicted_events + store.events.length).toBe(4_000);
    // The newest traces are still in the window and render as before.
    expect(renderTrace(store, "langfuse", "t1999")).toMatch(/retrieval/);
    expect(store.langfuseTrace("t0")).toBeUndefined();
  });

  it("persists everything to DuckDB: counts and trees of traces that left the window", async () => {
    const store = new TraceStore({
      dir: tempDir(),
      retention,
      maxWindowBytes: 100_000,
      log: () => undefined,
    });
    for (let i = 0; i < 500; i++) receive(store, i);
    expect(store.langfuseTrace("t3")).toBeUndefined();
    expect(await store.counts()).toMatchObject({
      requests: 500,
      langfuse_events: 1_000,
      langfuse_traces: 500,
    });
    const old = await store.loadTrace("langfuse", "t3");
    expect(renderTrace(old, "langfuse", "t3")).toBe(renderTrace(oneTraceStore(3), "langfuse", "t3"));
    expect(store.summary().persistence).toMatchObject({ rows_written: 1_500, rows_dropped: 0 });
    await store.close();
  });

  it("deletes rows past the contract's hot days for their environment when it opens", async () => {
    const dir = tempDir();
    const first = new TraceStore({ dir, retention, log: () => undefined });
    receive(first, 1, "dev");
    receive(first, 2, "production");
    await first.close();
    // Age the rows by 10 days: past dev's 7 hot days, within production's 30.
    const db = await DuckDBInstance.create(join(dir, "traces.duckdb"));
    const c = await db.connect();
    await c.run("UPDATE events SET received_at = received_at - INTERVAL 10 DAY");
    c.closeSync();
    db.closeSync();
    const reopened = new TraceStore({ dir, retention, log: () => undefined });
    const rows = await reopened.query(
      "SELECT environment, count(*) AS n FROM events GROUP BY environment ORDER BY environment",
    );
    expect(rows).toEqual([{ environment: "production", n: "2" }]);
    expect(reopened.summary().persistence!.rows_deleted_by_retention).toBeGreaterThanOrEqual(2);
    await reopened.close();
  });

  it("needs the retention to persist: no contract is read behind the caller's back", () => {
    expect(() => new TraceStore({ dir: tempDir() })).toThrow(
      expect.objectContaining({
        name: "TraceStoreOptionsError",
        message: expect.stringContaining("options.retention"),
      }),
    );
    expect(() => new TraceStore({ dir: null })).not.toThrow();
  });
});

function oneTraceStore(i: number): TraceStore {
  const store = new TraceStore({ dir: null });
  receive(store, i);
  return store;
}
