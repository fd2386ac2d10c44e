import { describe, expect, it } from "vitest";
import { loadContract } from "./contract";
import {
  budgetConsumedPercent,
  burnAlertReachable,
  errorBudget,
  evaluateSlos,
  sloEvents,
  sloTable,
  SLO_NAMES,
} from "./slo";
import type { Trace } from "./schema";
import { generateTraces } from "./synth";

const contract = loadContract();
const base = generateTraces({ contract, n: 1, seed: 1 })[0];
const trace = (overrides: Partial<Trace>): Trace => ({
  ...base,
  error: undefined,
  quality_score: undefined,
  ttft_ms: undefined,
  ...overrides,
});

describe("SLO events on traces", () => {
  const batch = [
    trace({ latency_ms: 1000, ttft_ms: 300, quality_score: 90 }),
    trace({ latency_ms: 3000, ttft_ms: 800, quality_score: 70 }), // on both lines: good (<=)
    trace({ latency_ms: 3000.1, ttft_ms: 800.1, quality_score: 69 }),
    trace({ latency_ms: 9000, error: "429 rate limit" }),
  ];

  it("counts good and total per SLO, with the contract's lines inclusive", () => {
    expect(sloEvents(batch, { slos: contract.slos })).toEqual({
      availability: { good: 3, total: 4 },
      latency: { good: 2, total: 4 },
      ttft: { good: 2, total: 3 },
      quality: { good: 2, total: 3 },
    });
  });

  it("turns them into SLI, budget, burn rate and budget left", () => {
    const [availability, latency] = evaluateSlos(batch, { slos: contract.slos });
    expect(availability).toMatchObject({
      slo: "availability",
      sli_percent: 75,
      error_budget_percent: 2,
      bad: 1,
      burn_rate: 12.5,
      budget_remaining_percent: -1150,
    });
    expect(latency).toMatchObject({ slo: "latency", threshold_ms: 3000, sli_percent: 50, burn_rate: 10 });
  });

  it("is null, not NaN, with no events, and skips entries that are not traces", () => {
    const statuses = evaluateSlos([null, 7] as unknown as Trace[], { slos: contract.slos });
    for (const s of statuses)
      expect(s).toMatchObject({
        total: 0,
        sli_percent: null,
        burn_rate: null,
        budget_remaining_percent: null,
      });
  });
});

describe("burn-rate policy", () => {
  it("14.4x over 1h and 6x over 6h spend 2% and 5% of a 30-day budget", () => {
    expect(budgetConsumedPercent(contract.slo_alerting.page, "30d")).toBe(2);
    expect(budgetConsumedPercent(contract.slo_alerting.ticket, "30d")).toBe(5);
  });

  it("knows which alerts can fire at all: 14.4 x a 15% budget is over 100%", () => {
    expect(errorBudget(contract.slos.quality)).toBe(0.15);
    expect(burnAlertReachable(contract.slo_alerting.page, contract.slos.quality)).toBe(false);
    expect(burnAlertReachable(contract.slo_alerting.ticket, contract.slos.quality)).toBe(true);
    expect(burnAlertReachable(contract.slo_alerting.page, contract.slos.availability)).toBe(true);
    const rows = sloTable(evaluateSlos([], { slos: contract.slos }), contract.slo_alerting);
    expect(rows.map((r) => r.slo)).toEqual([...SLO_NAMES]);
    expect(rows.find((r) => r.slo === "quality")!.page_at_bad_percent).toBe("unreachable");
    expect(rows.find((r) => r.slo === "availability")!.page_at_bad_percent).toBe(28.8);
  });
});

describe("synthetic traces carry a plausible TTFT", () => {
  const traces = generateTraces({ contract, n: 3000, seed: 9 });
  it("on every answered trace, after the tools and before the answer ends, mostly a few hundred ms", () => {
    for (const t of traces) {
      if (t.error !== undefined) expect(t.ttft_ms).toBeUndefined();
      else {
        const tools = t.tool_calls.reduce((s, c) => s + c.latency_ms, 0);
        expect(t.ttft_ms).toBeGreaterThan(100);
        expect(t.ttft_ms! + tools).toBeLessThan(t.latency_ms);
      }
    }
    const ttfts = traces.flatMap((t) => (t.ttft_ms === undefined ? [] : [t.ttft_ms])).sort((a, b) => a - b);
    expect(ttfts[Math.floor(ttfts.length / 2)]).toBeGreaterThan(200);
    expect(ttfts[Math.floor(ttfts.length / 2)]).toBeLessThan(600);
  });
});
