/**
 * The feedback sink's promises: `feedback()` returns at once, the queue is bounded and what it
 * drops is counted, a failing hub is counted (and logged once), and flush/shutdown keep their
 * bound. Fake targets here; the real SDKs against the local backend are in feedback-service.test.ts.
 */
import { describe, expect, it } from "vitest";
import { readConfig } from "../config";
import { langfuseTraceIdFor } from "./create-feedback-sink";
import type { ExportStats } from "./export-fetch";
import { feedbackSink, type FeedbackEvent, type FeedbackTarget, type HubScore } from "./feedback-sink";
import { langsmithFeedbackTarget } from "./feedback-targets";

const event = (i: number): FeedbackEvent => ({
  trace_id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  value: i % 2 ? "up" : "down",
  score: i % 2 ? 1 : 0,
  known: true,
  received_at: new Date(0).toISOString(),
});

function fakeTarget(
  options: { gate?: Promise<void>; fail?: boolean } = {},
): FeedbackTarget & { seen: HubScore[] } {
  const seen: HubScore[] = [];
  const stats: ExportStats = { requests: 0, requests_failed: 0, retries: 0, items_sent: 0, items_failed: 0 };
  return {
    name: "fake",
    destination: "memory",
    seen,
    async send(e) {
      await options.gate;
      if (options.fail) throw new Error("hub said no");
      seen.push(e);
      stats.items_sent += 1;
    },
    flush: async () => undefined,
    shutdown: async () => undefined,
    exportStats: () => stats,
    abort: () => undefined,
  };
}

describe("feedbackSink", () => {
  it("delivers off the caller's turn, then flushes SUCCESS", async () => {
    const target = fakeTarget();
    const sink = feedbackSink([target], { log: () => undefined });
    sink.feedback(event(1));
    expect(target.seen).toEqual([]); // queued, not sent, on the caller's turn
    expect(await sink.flush(1_000)).toEqual({ code: "SUCCESS" });
    expect(target.seen.map((e) => e.trace_id)).toEqual([event(1).trace_id]);
    expect(sink.stats()).toMatchObject({ received: 1, queued: 0, targets: { fake: { sent: 1, failed: 0 } } });
  });

  it("keeps at most maxQueue items and counts the rest as dropped_queue_full", async () => {
    let open!: () => void;
    const target = fakeTarget({ gate: new Promise<void>((r) => (open = r)) });
    const logs: string[] = [];
    const sink = feedbackSink([target], { maxQueue: 10, concurrency: 2, log: (l) => logs.push(l) });
    for (let i = 0; i < 1_000; i++) sink.feedback(event(i));
    expect(sink.stats()).toMatchObject({ received: 1_000, queued: 10, dropped_queue_full: 990 });
    open();
    const result = await sink.flush(2_000);
    expect(result.code).toBe("FAILED");
    expect(target.seen).toHaveLength(10);
    expect(logs.filter((l) => l.includes("queue full"))).toHaveLength(1);
    expect(await sink.flush(1_000)).toEqual({ code: "SUCCESS" }); // losses are reported once
  });

  it("counts a hub that throws per item, logs it once, and flush reports FAILED", async () => {
    const logs: string[] = [];
    const sink = feedbackSink([fakeTarget({ fail: true }), { ...fakeTarget(), name: "ok" }], {
      log: (l) => logs.push(l),
    });
    for (let i = 0; i < 5; i++) sink.feedback(event(i));
    const result = await sink.flush(1_000);
    expect(result.code).toBe("FAILED");
    expect(sink.stats().targets).toMatchObject({ fake: { failed: 5, sent: 0 }, ok: { failed: 0, sent: 5 } });
    expect(logs).toHaveLength(1);
  });

  it("returns FAILED at its deadline when a hub hangs, and drops feedback after shutdown", async () => {
    const sink = feedbackSink([fakeTarget({ gate: new Promise<void>(() => undefined) })], {
      log: () => undefined,
    });
    sink.feedback(event(1));
    const result = await sink.shutdown!(100);
    expect(result).toMatchObject({
      code: "FAILED",
      error: expect.stringContaining("did not finish within 100 ms"),
    });
    sink.feedback(event(2));
    expect(sink.stats()).toMatchObject({ dropped_after_shutdown: 1, flush_timeouts: 1 });
  });

  it("counts LangSmith feedback lost to a dead endpoint as failed (real SDK, bounded retries)", async () => {
    const target = langsmithFeedbackTarget({
      apiUrl: "http://127.0.0.1:9",
      apiKey: "lsv2-test",
      retries: 0,
      requestTimeoutMs: 500,
      log: () => undefined,
    });
    const sink = feedbackSink([target], { log: () => undefined });
    sink.feedback(event(1));
    const result = await sink.flush(5_000);
    expect(result.code).toBe("FAILED");
    expect(sink.stats().targets.langsmith.failed).toBe(1);
  });
});

describe("langfuseTraceIdFor", () => {
  it("is the UUID over legacy events and its 32 hex digits over OTLP", () => {
    const id = "3F0C8F5E-1A2B-4C3D-8E9F-0A1B2C3D4E5F";
    const base = readConfig({});
    expect(
      langfuseTraceIdFor(
        { ...base, langfuse: { ...base.langfuse, ingestion: "otel" } as typeof base.langfuse },
        id,
      ),
    ).toBe("3f0c8f5e1a2b4c3d8e9f0a1b2c3d4e5f");
    expect(
      langfuseTraceIdFor(
        { ...base, langfuse: { ...base.langfuse, ingestion: "legacy" } as typeof base.langfuse },
        id,
      ),
    ).toBe(id);
  });
});
