import { describe, expect, it } from "vitest";
import type { ExportStats } from "./export-fetch";
import { healthyRecord } from "./__fixtures__/answer-records";
import type { TraceAdapter } from "./trace-adapter";
import type { TraceSteps } from "./trace-steps";
import { tracingSink } from "./tracing-sink";
import { shouldSample } from "../sampler";
import type { AnswerRecord } from "../record";
import { loadContract } from "../contract";

const contract = loadContract();

/** An adapter whose SDK flush never finishes unless released, to exercise deadlines. */
function fakeAdapter(options: { hangFlush?: boolean; failSend?: boolean } = {}) {
  const sent: TraceSteps[] = [];
  const stats: ExportStats = { requests: 0, requests_failed: 0, retries: 0, items_sent: 0, items_failed: 0 };
  let aborted: string | undefined;
  const adapter: TraceAdapter = {
    name: "fake",
    destination: "memory",
    async send(steps) {
      if (options.failSend) throw new Error("SDK exploded");
      sent.push(steps);
    },
    flush: () => (options.hangFlush ? new Promise<void>(() => undefined) : Promise.resolve()),
    shutdown: () => Promise.resolve(),
    queued: () => 7,
    stats: () => stats,
    abort: (reason) => void (aborted = reason),
    lossSummary: () => undefined,
  };
  return { adapter, sent, aborted: () => aborted };
}

describe("tracingSink", () => {
  it("applies the contract's sampling: production keeps errors and slow traces, dev keeps everything", async () => {
    const { adapter, sent } = fakeAdapter();
    const sink = tracingSink(adapter, { contract, log: () => undefined });
    const prod = (patch: Partial<AnswerRecord["trace"]>, id: string) => {
      const record = healthyRecord({ trace_id: id });
      return { ...record, trace: { ...record.trace, environment: "production" as const, ...patch } };
    };
    const ids = Array.from(
      { length: 200 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    );
    for (const id of ids) sink.record(prod({}, id));
    for (const id of ids.slice(0, 20)) sink.record(prod({ error: "RateLimitError: 429" }, id));
    for (const id of ids.slice(0, 20)) sink.record(prod({ latency_ms: 7_000 }, id));
    for (const id of ids.slice(0, 20)) sink.record(healthyRecord({ trace_id: id }));
    await sink.flush(1_000);
    const headSampled = ids.filter((id) =>
      shouldSample({ ...healthyRecord({ trace_id: id }).trace, environment: "production" }),
    ).length;
    expect(headSampled).toBeGreaterThan(0);
    expect(headSampled).toBeLessThan(60);
    expect(sent).toHaveLength(headSampled + 20 + 20 + 20);
    expect(sink.stats().records_sampled_out).toBe(200 - headSampled);
  });

  it("keeps a record the sampler cannot decide, and says so once", async () => {
    const lines: string[] = [];
    const { adapter, sent } = fakeAdapter();
    const sink = tracingSink(adapter, {
      contract,
      log: (l) => lines.push(l),
      sample: () => {
        throw new Error("no rule for environment qa");
      },
    });
    sink.record(healthyRecord());
    sink.record(healthyRecord());
    await sink.flush(1_000);
    expect(sent).toHaveLength(2);
    expect(lines).toEqual([
      "[tracing] fake: sampling failed, exporting anyway (no rule for environment qa).",
    ]);
  });

  it("record() only queues: nothing reaches the adapter on the caller's tick", async () => {
    const { adapter, sent } = fakeAdapter();
    const sink = tracingSink(adapter, { contract, log: () => undefined });
    sink.record(healthyRecord());
    expect(sent).toHaveLength(0);
    expect(await sink.flush(1_000)).toEqual({ code: "SUCCESS" });
    expect(sent).toHaveLength(1);
    expect(sink.stats()).toMatchObject({ records: 1, records_failed: 0 });
  });

  it("flush() gives up at its deadline, cancels requests and says what was stranded", async () => {
    const fake = fakeAdapter({ hangFlush: true });
    const sink = tracingSink(fake.adapter, { contract, log: () => undefined });
    sink.record(healthyRecord());
    const result = await sink.flush(50);
    expect(result.code).toBe("FAILED");
    if (result.code === "FAILED")
      expect(result.error).toMatch(
        /did not finish within 50 ms \(0 record\(s\) still being built, 7 item\(s\) still queued in the SDK\)/,
      );
    expect(fake.aborted()).toMatch(/deadline of 50 ms/);
    expect(sink.stats().flush_timeouts).toBe(1);
  });

  it("counts an adapter that throws, logs it once, and reports FAILED once", async () => {
    const lines: string[] = [];
    const sink = tracingSink(fakeAdapter({ failSend: true }).adapter, {
      contract,
      log: (l) => lines.push(l),
    });
    for (let i = 0; i < 5; i++) sink.record(healthyRecord());
    const first = await sink.flush(1_000);
    expect(first.code).toBe("FAILED");
    expect(await sink.flush(1_000)).toEqual({ code: "SUCCESS" }); // nothing new since
    expect(sink.stats().records_failed).toBe(5);
    expect(lines).toEqual([
      "[tracing] fake: could not export a record (SDK exploded). Further failures are counted, not logged.",
    ]);
  });

  it("counts records that arrive after shutdown instead of exporting them", async () => {
    const { adapter, sent } = fakeAdapter();
    const sink = tracingSink(adapter, { contract, log: () => undefined });
    expect(await sink.shutdown!(1_000)).toEqual({ code: "SUCCESS" });
    sink.record(healthyRecord());
    await sink.flush(1_000);
    expect(sent).toHaveLength(0);
    expect(sink.stats()).toMatchObject({ records: 1, records_after_shutdown: 1 });
  });
});
