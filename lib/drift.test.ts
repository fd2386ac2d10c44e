import { describe, expect, it } from "vitest";
import { loadContract } from "./contract";
import {
  detectDrift,
  driftAroundChange,
  driftTable,
  weekOf,
  type DriftReport,
  type WeekDrift,
} from "./drift";
import { generateDriftTraffic } from "./drift-traffic";
import { parseTraces } from "./schema";

const contract = loadContract();

describe("generateDriftTraffic", () => {
  it("is seeded, schema-valid, and ships the change at a known Monday", () => {
    const a = generateDriftTraffic({ contract, weeks: 6, perWeek: 150, changeWeek: 4 });
    expect(generateDriftTraffic({ contract, weeks: 6, perWeek: 150, changeWeek: 4 })).toEqual(a);
    expect(parseTraces(a.traces).rejected).toEqual([]);
    expect(a.change?.at).toBe("2025-06-30T00:00:00.000Z");
    const after = a.traces.filter((t) => t.timestamp >= a.change!.at);
    expect(after.length).toBe(2 * 150);
    expect(
      after.every(
        (t) =>
          t.prompt_version === a.change!.prompt_version &&
          t.tags.includes(`prompt:${a.change!.prompt_version}`),
      ),
    ).toBe(true);
    expect(generateDriftTraffic({ contract, changeWeek: null }).change).toBeNull();
  });
});

describe("detectDrift", () => {
  it.each([42, 1, 7])("flags every week from the change on and no stable week (seed %i)", (seed) => {
    const traffic = generateDriftTraffic({ contract, seed });
    const report = detectDrift(traffic.traces, { contract });
    const changeWeek = weekOf(traffic.change!.at);
    const drifted = report.weeks.filter((w) => w.week >= changeWeek).map((w) => w.week);
    const stable = report.weeks.filter((w) => w.week < changeWeek && w.status !== "reference");
    expect(drifted).toHaveLength(3);
    expect(report.flagged).toEqual(drifted);
    expect(stable).toHaveLength(3);
    for (const w of stable) expect(w.status, `${w.week}: ${w.reasons.join("; ")}`).toBe("stable");
    for (const week of report.weeks.filter((w) => report.flagged.includes(w.week))) {
      expect(week.features.top_relevance.drifted).toBe(true);
      expect(week.features.output_tokens.drifted).toBe(true);
      expect(week.quality.dropped).toBe(true);
      expect(week.features.top_relevance.mean!).toBeLessThan(report.weeks[0].features.top_relevance.mean!);
      expect(week.features.output_tokens.mean!).toBeGreaterThan(report.weeks[0].features.output_tokens.mean!);
    }
    expect(report.reference.weeks).toEqual(
      report.weeks.slice(0, contract.drift.reference_weeks).map((w) => w.week),
    );
  });

  it("flags nothing on a stable-only series", () => {
    const report = detectDrift(
      generateDriftTraffic({ contract, weeks: 12, changeWeek: null, seed: 3 }).traces,
      {
        contract,
      },
    );
    expect(report.flagged).toEqual([]);
    expect(report.weeks.filter((w) => w.status !== "reference").every((w) => w.status === "stable")).toBe(
      true,
    );
  });

  it("follows the contract's thresholds: an impossible PSI alert flags only the quality drop", () => {
    const strict = { drift: { ...contract.drift, psi: { ...contract.drift.psi, alert: 100, warn: 99 } } };
    const report = detectDrift(generateDriftTraffic({ contract }).traces, { contract: strict });
    const flagged = report.weeks.filter((w) => w.status === "drift");
    expect(flagged).toHaveLength(3);
    expect(flagged.every((w) => w.reasons.length === 1 && w.reasons[0].startsWith("quality:"))).toBe(true);
  });

  it("never flags a week with too few traces, and reports it", () => {
    const traces = generateDriftTraffic({ contract, weeks: 4, perWeek: 150, changeWeek: 3 }).traces.filter(
      (t, i) => i < 450 + 20,
    );
    const report = detectDrift(traces, { contract });
    expect(report.weeks.at(-1)).toMatchObject({ status: "too_few", traces: 20 });
    expect(report.flagged).toEqual([]);
  });

  it("handles no traces", () => {
    expect(detectDrift([], { contract })).toMatchObject({ weeks: [], flagged: [], reference: { traces: 0 } });
    expect(driftTable(detectDrift([], { contract }))).toEqual([]);
  });

  it("puts a timestamp in its Monday's week (UTC)", () => {
    expect(weekOf("2025-07-07T00:00:00.000Z")).toBe("2025-07-07");
    expect(weekOf("2025-07-13T23:59:59.999Z")).toBe("2025-07-07");
    expect(weekOf("2025-07-14T01:00:00+02:00")).toBe("2025-07-07");
  });
});

describe("driftAroundChange", () => {
  it("counts the compared weeks on each side of the change, leaving the reference out", () => {
    const week = (w: string, status: WeekDrift["status"], psi: number | null): WeekDrift =>
      ({
        week: w,
        status,
        features: { top_relevance: { psi }, output_tokens: { psi: psi === null ? null : psi / 2 } },
      }) as unknown as WeekDrift;
    const report = {
      weeks: [
        week("2025-06-02", "reference", null),
        week("2025-06-09", "stable", 0.05),
        week("2025-06-16", "warn", 0.15),
        week("2025-06-23", "drift", 0.6),
        week("2025-06-30", "stable", 0.1),
      ],
    } as unknown as DriftReport;
    expect(driftAroundChange(report, "2025-06-23T00:00:00.000Z")).toEqual({
      before: { weeks: 2, flagged: 0, max_psi: 0.15 },
      after: { weeks: 2, flagged: 1, max_psi: 0.6 },
    });
  });
});
