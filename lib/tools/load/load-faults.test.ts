/**
 * The load and fault suite at a small scale (counts in the hundreds, no timing assertions; the
 * full figures are `npm run bench -- soak`). Each case runs lib/tools/serve.ts as a real child
 * process on 127.0.0.1.
 */
import { describe, expect, it } from "vitest";
import { faultScenario, memoryScenario, sigtermScenario } from "./scenarios";

describe("load and faults, small scale", () => {
  it("SIGTERM under load with Langfuse, LangSmith and OTLP configured: every answered request is at every hub, exit 0", async () => {
    const r = await sigtermScenario({ answersBeforeSigterm: 150, concurrency: 20 });
    expect(r.answered).toBeGreaterThanOrEqual(150);
    expect(r.in_flight_at_sigterm).toBeGreaterThan(0);
    expect(r.missing).toEqual({ langfuse: 0, langsmith: 0, otel: 0 });
    expect(r.network_errors, "keep-alive clients saw a reset during the drain").toBe(0);
    expect(r.exit_code).toBe(0);
    expect(r.shutdown_line).toMatch(/3\/3 trace sink\(s\) delivered everything/);
  }, 120_000);

  it("embedded defaults: 300 requests at concurrency 20, none failed", async () => {
    const r = await memoryScenario({ total: 300, concurrency: 20, from: 100 });
    expect([r.requests, r.failed, r.exit_code]).toEqual([300, 0, 0]);
    expect(r.rss_mb_at[300]).toBeGreaterThan(0);
  }, 120_000);

  it.each(["hang", "closed"] as const)(
    "a %s backend: every request still answered, and the shutdown line says what was lost",
    async (mode) => {
      const r = await faultScenario(mode, { total: 150, concurrency: 10, warmup: 20 });
      expect([r.requests, r.failed, r.exit_code]).toEqual([150, 0, 0]);
      expect(r.shutdown_line).toMatch(/LOST/);
      expect(r.shutdown_line).toMatch(/0\/3 trace sink\(s\) delivered everything/);
    },
    120_000,
  );
});
