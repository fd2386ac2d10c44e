/**
 * Drift by week: each week's traffic against a reference window (the first complete weeks), on
 * two distributions a silent prompt or model change moves (top retrieval relevance, output
 * tokens) plus the quality proxy. Thresholds come from the contract's `drift` section. A week
 * is flagged when a feature moved by a lot (PSI ≥ alert) AND significantly (KS p < alpha), or
 * when its quality fell beyond the tolerance.
 */
import type { Contract } from "./contract";
import type { DriftSection } from "./contract/drift-section";
import { DEFAULT_QUALITY_PASS_THRESHOLD } from "./collector/trace-metrics";
import { isFailed, type Trace } from "./schema";
import { ksTest, psi } from "./drift/drift-statistics";

export const DRIFT_FEATURES = ["top_relevance", "output_tokens"] as const;
export type DriftFeature = (typeof DRIFT_FEATURES)[number];

/** How each feature is read off a trace; undefined leaves the trace out of that feature. */
const FEATURE_VALUE: Record<DriftFeature, (t: Trace) => number | undefined> = {
  top_relevance: (t) =>
    t.retrieved_docs.length ? Math.max(...t.retrieved_docs.map((d) => d.relevance_score)) : undefined,
  output_tokens: (t) => (isFailed(t) ? undefined : t.completion_tokens),
};

export interface FeatureDrift {
  n: number;
  mean: number | null;
  psi: number | null;
  ks_d: number | null;
  ks_p_value: number | null;
  drifted: boolean;
}

export interface QualityWeek {
  scored: number;
  mean: number | null;
  pass_rate: number | null;
  /** Change against the reference, points. */
  mean_change: number | null;
  pass_rate_change: number | null;
  dropped: boolean;
}

export type WeekStatus = "reference" | "stable" | "warn" | "drift" | "too_few";

export interface WeekDrift {
  /** The week's Monday (UTC), YYYY-MM-DD. */
  week: string;
  traces: number;
  /** Share of the week's requests that failed, %: context for a drift that every request survives. */
  failure_rate: number;
  status: WeekStatus;
  features: Record<DriftFeature, FeatureDrift>;
  quality: QualityWeek;
  /** Why the week is flagged or warned, one phrase each. */
  reasons: string[];
}

export interface DriftReport {
  reference: {
    weeks: string[];
    traces: number;
    failure_rate: number | null;
    quality_mean: number | null;
    quality_pass_rate: number | null;
  };
  weeks: WeekDrift[];
  /** Weeks whose status is "drift". */
  flagged: string[];
  thresholds: DriftSection;
  quality_pass_threshold: number;
}

export interface DetectDriftOptions {
  /** The contract whose `drift` thresholds (reference weeks, PSI, KS, quality) apply. */
  contract: Pick<Contract, "drift">;
  qualityPassThreshold?: number;
}

const round = (v: number, digits = 3) => Number(v.toFixed(digits));
const mean = (values: readonly number[]) =>
  values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
const failureRate = (batch: readonly Trace[]) =>
  batch.length ? round((100 * batch.filter(isFailed).length) / batch.length, 2) : null;

/** Monday 00:00 UTC of a timestamp's week, as YYYY-MM-DD. */
export function weekOf(timestamp: string): string {
  const d = new Date(timestamp);
  const monday =
    Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - ((d.getUTCDay() + 6) % 7) * 86_400_000;
  return new Date(monday).toISOString().slice(0, 10);
}

function qualityOf(traces: readonly Trace[], threshold: number) {
  const scores = traces.map((t) => t.quality_score).filter((s): s is number => s !== undefined);
  return {
    scored: scores.length,
    mean: mean(scores),
    pass_rate: scores.length ? (100 * scores.filter((s) => s >= threshold).length) / scores.length : null,
  };
}

/** Groups traces by week and compares each week with the reference window. Never throws on odd traces. */
export function detectDrift(traces: readonly Trace[], options: DetectDriftOptions): DriftReport {
  const t = options.contract.drift;
  const threshold = options.qualityPassThreshold ?? DEFAULT_QUALITY_PASS_THRESHOLD;
  const byWeek = new Map<string, Trace[]>();
  for (const trace of traces) {
    if (!Number.isFinite(Date.parse(trace.timestamp))) continue;
    const key = weekOf(trace.timestamp);
    const week = byWeek.get(key);
    if (week) week.push(trace);
    else byWeek.set(key, [trace]);
  }
  const weeks = [...byWeek.keys()].sort();
  const referenceWeeks = weeks
    .filter((w) => byWeek.get(w)!.length >= t.min_traces_per_week)
    .slice(0, t.reference_weeks);
  const reference = referenceWeeks.flatMap((w) => byWeek.get(w)!);
  const values = (batch: readonly Trace[], feature: DriftFeature) =>
    batch.map(FEATURE_VALUE[feature]).filter((v): v is number => v !== undefined && Number.isFinite(v));
  const refValues = Object.fromEntries(DRIFT_FEATURES.map((f) => [f, values(reference, f)])) as Record<
    DriftFeature,
    number[]
  >;
  const refQuality = qualityOf(reference, threshold);

  const rows: WeekDrift[] = weeks.map((week) => {
    const batch = byWeek.get(week)!;
    const isReference = referenceWeeks.includes(week);
    const comparable = !isReference && batch.length >= t.min_traces_per_week && reference.length > 0;
    const reasons: string[] = [];
    const features = Object.fromEntries(
      DRIFT_FEATURES.map((f) => {
        const cur = values(batch, f);
        const p = comparable ? psi(refValues[f], cur, t.psi.bins) : Number.NaN;
        const ks = comparable ? ksTest(refValues[f], cur) : { d: Number.NaN, p_value: Number.NaN };
        const drifted = comparable && p >= t.psi.alert && ks.p_value < t.ks.alpha;
        if (drifted)
          reasons.push(
            `${f}: PSI ${round(p)} ≥ ${t.psi.alert} and KS p ${ks.p_value.toExponential(1)} < ${t.ks.alpha}`,
          );
        else if (comparable && p >= t.psi.warn) reasons.push(`${f}: PSI ${round(p)} ≥ ${t.psi.warn} (watch)`);
        const m = mean(cur);
        const finite = (v: number) => (Number.isFinite(v) ? round(v, 4) : null);
        return [
          f,
          {
            n: cur.length,
            mean: m === null ? null : round(m, 3),
            psi: finite(p),
            ks_d: finite(ks.d),
            ks_p_value: Number.isFinite(ks.p_value) ? Number(ks.p_value.toPrecision(3)) : null,
            drifted,
          },
        ];
      }),
    ) as Record<DriftFeature, FeatureDrift>;
    const q = qualityOf(batch, threshold);
    const meanChange = q.mean !== null && refQuality.mean !== null ? q.mean - refQuality.mean : null;
    const passChange =
      q.pass_rate !== null && refQuality.pass_rate !== null ? q.pass_rate - refQuality.pass_rate : null;
    const dropped =
      comparable &&
      ((meanChange !== null && meanChange < -t.quality.max_mean_drop) ||
        (passChange !== null && passChange < -t.quality.max_pass_rate_drop));
    if (dropped)
      reasons.push(
        `quality: mean ${round(meanChange!, 1)} points, pass rate ${round(passChange!, 1)} points against the reference`,
      );
    const drifted = DRIFT_FEATURES.some((f) => features[f].drifted) || dropped;
    const status: WeekStatus = isReference
      ? "reference"
      : !comparable
        ? "too_few"
        : drifted
          ? "drift"
          : reasons.length
            ? "warn"
            : "stable";
    return {
      week,
      traces: batch.length,
      failure_rate: failureRate(batch) ?? 0,
      status,
      features,
      quality: {
        scored: q.scored,
        mean: q.mean === null ? null : round(q.mean, 1),
        pass_rate: q.pass_rate === null ? null : round(q.pass_rate, 1),
        mean_change: meanChange === null || isReference ? null : round(meanChange, 1),
        pass_rate_change: passChange === null || isReference ? null : round(passChange, 1),
        dropped,
      },
      reasons,
    };
  });
  return {
    reference: {
      weeks: referenceWeeks,
      traces: reference.length,
      failure_rate: failureRate(reference),
      quality_mean: refQuality.mean === null ? null : round(refQuality.mean, 1),
      quality_pass_rate: refQuality.pass_rate === null ? null : round(refQuality.pass_rate, 1),
    },
    weeks: rows,
    flagged: rows.filter((r) => r.status === "drift").map((r) => r.week),
    thresholds: t,
    quality_pass_threshold: threshold,
  };
}

/** The compared weeks on one side of a change: how many, how many flagged, the largest PSI on either feature. */
export interface DriftSide {
  weeks: number;
  flagged: number;
  max_psi: number | null;
}

/**
 * The verdict a reader wants when the change date is known: weeks from the change on against the
 * stable weeks before it (the reference weeks are neither). One computation for the notebook and
 * the report.
 */
export function driftAroundChange(
  report: DriftReport,
  changeAt: string,
): { before: DriftSide; after: DriftSide } {
  const day = changeAt.slice(0, 10);
  const compared = report.weeks.filter((w) => w.status !== "reference");
  const side = (weeks: WeekDrift[]): DriftSide => {
    const psis = weeks.flatMap((w) => DRIFT_FEATURES.map((f) => w.features[f].psi)).filter((p) => p !== null);
    return {
      weeks: weeks.length,
      flagged: weeks.filter((w) => w.status === "drift").length,
      max_psi: psis.length ? Math.max(...(psis as number[])) : null,
    };
  };
  return {
    before: side(compared.filter((w) => w.week < day)),
    after: side(compared.filter((w) => w.week >= day)),
  };
}

/** One flat row per week for a table: status, PSI and KS per feature, quality and its change. */
export function driftTable(report: DriftReport): Record<string, string | number | null>[] {
  return report.weeks.map((w) => ({
    week: w.week,
    traces: w.traces,
    status: w.status,
    failure_rate: w.failure_rate,
    relevance_mean: w.features.top_relevance.mean,
    relevance_psi: w.features.top_relevance.psi,
    relevance_ks_p: w.features.top_relevance.ks_p_value,
    output_tokens_mean: w.features.output_tokens.mean,
    output_tokens_psi: w.features.output_tokens.psi,
    output_tokens_ks_p: w.features.output_tokens.ks_p_value,
    quality_mean: w.quality.mean,
    quality_pass_rate: w.quality.pass_rate,
    quality_change: w.quality.mean_change,
  }));
}
