/**
 * The contract's SLOs measured on traces: each SLO counts good and total events (a request
 * without error; one within 3 s; a first token within 0.8 s; a scored answer that passes), and
 * its error budget is the share allowed to be bad, `100 - objective_percent`. The burn rate is
 * the bad share over the budget: 1 spends the budget exactly over the SLO's window. The same
 * event definitions are the PromQL of lib/prometheus/slo-rules.ts, so both sides agree.
 */
import { durationSeconds, type BurnAlert, type Contract, type Slo } from "./contract";
import { DEFAULT_QUALITY_PASS_THRESHOLD } from "./collector/trace-metrics";
import { isFailed, type Trace } from "./schema";

export type Slos = Contract["slos"];
export type SloName = keyof Slos;
export type SloAlerting = Contract["slo_alerting"];

/** The SLOs in the order tables, rules and dashboards show them. */
export const SLO_NAMES: readonly SloName[] = ["availability", "latency", "ttft", "quality"];

export interface SloEvents {
  good: number;
  total: number;
}

export interface SloStatus extends SloEvents {
  slo: SloName;
  objective_percent: number;
  window: string;
  threshold_ms: number | null;
  bad: number;
  /** Percent of events that were good; null with no events. */
  sli_percent: number | null;
  /** Percent of events allowed to be bad over the window. */
  error_budget_percent: number;
  /** Bad share / budget: 1 spends the budget exactly over the window; null with no events. */
  burn_rate: number | null;
  /** Budget left if these events were the whole window (negative: overspent); null with no events. */
  budget_remaining_percent: number | null;
}

export interface SloOptions {
  /** The contract's `slos`. */
  slos: Slos;
  /** The quality proxy's pass line (default 70, as in MetricsCollector). */
  qualityPassThreshold?: number;
}

const usable = (v: unknown): v is number => typeof v === "number" && v >= 0 && v < Infinity;

/** Good and total events per SLO over a batch of traces. Odd entries are not events; nothing throws. */
export function sloEvents(traces: readonly Trace[], options: SloOptions): Record<SloName, SloEvents> {
  const { slos } = options;
  const pass = options.qualityPassThreshold ?? DEFAULT_QUALITY_PASS_THRESHOLD;
  const e = Object.fromEntries(SLO_NAMES.map((n) => [n, { good: 0, total: 0 }])) as Record<
    SloName,
    SloEvents
  >;
  for (const t of traces) {
    if (t === null || typeof t !== "object") continue;
    e.availability.total++;
    if (!isFailed(t)) e.availability.good++;
    if (usable(t.latency_ms)) {
      e.latency.total++;
      if (t.latency_ms <= slos.latency.threshold_ms) e.latency.good++;
    }
    if (usable(t.ttft_ms)) {
      e.ttft.total++;
      if (t.ttft_ms <= slos.ttft.threshold_ms) e.ttft.good++;
    }
    if (typeof t.quality_score === "number" && !Number.isNaN(t.quality_score)) {
      e.quality.total++;
      if (t.quality_score >= pass) e.quality.good++;
    }
  }
  return e;
}

/** The error budget as a fraction (98% -> 0.02), without float noise. */
export function errorBudget(slo: Pick<Slo, "objective_percent">): number {
  return Number(((100 - slo.objective_percent) / 100).toPrecision(12));
}

const round = (v: number, digits = 4) => Number(v.toPrecision(digits));

/** Each SLO's events, SLI, budget and burn rate over a batch of traces. */
export function evaluateSlos(traces: readonly Trace[], options: SloOptions): SloStatus[] {
  const { slos } = options;
  const events = sloEvents(traces, options);
  return SLO_NAMES.map((name) => {
    const slo: Slo = slos[name];
    const { good, total } = events[name];
    const budget = errorBudget(slo);
    const burn = total > 0 ? (total - good) / total / budget : null;
    return {
      slo: name,
      objective_percent: slo.objective_percent,
      window: slo.window,
      threshold_ms: slo.threshold_ms ?? null,
      good,
      total,
      bad: total - good,
      sli_percent: total > 0 ? round((100 * good) / total) : null,
      error_budget_percent: round(100 * budget),
      burn_rate: burn === null ? null : round(burn),
      budget_remaining_percent: burn === null ? null : round(100 * (1 - burn)),
    };
  });
}

/** Share of the SLO window's budget one burn-rate alert has seen spent when it fires (14.4x over 1h of 30d: 2%). */
export function budgetConsumedPercent(
  alert: Pick<BurnAlert, "burn_rate" | "long_window">,
  window: string,
): number {
  const long = durationSeconds(alert.long_window);
  const whole = durationSeconds(window);
  if (long === null || whole === null) return NaN;
  return round((100 * alert.burn_rate * long) / whole, 6);
}

/** A burn-rate alert can only fire when `burn_rate x budget` is a reachable bad share (<= 100%). */
export function burnAlertReachable(
  alert: Pick<BurnAlert, "burn_rate">,
  slo: Pick<Slo, "objective_percent">,
): boolean {
  return alert.burn_rate * errorBudget(slo) <= 1;
}

/** Rows for the notebook's SLO table (ms and percent, as people read them). */
export function sloTable(
  statuses: readonly SloStatus[],
  alerting: SloAlerting,
): Record<string, string | number | null>[] {
  return statuses.map((s) => ({
    slo: s.slo,
    objective: `${s.objective_percent}%${s.threshold_ms === null ? "" : ` within ${s.threshold_ms.toLocaleString("en-US")} ms`}`,
    window: s.window,
    good: s.good,
    total: s.total,
    sli_percent: s.sli_percent,
    error_budget_percent: s.error_budget_percent,
    burn_rate: s.burn_rate,
    budget_remaining_percent: s.budget_remaining_percent,
    page_at_bad_percent: burnAlertReachable(alerting.page, s)
      ? round(100 * alerting.page.burn_rate * errorBudget(s))
      : "unreachable",
    ticket_at_bad_percent: burnAlertReachable(alerting.ticket, s)
      ? round(100 * alerting.ticket.burn_rate * errorBudget(s))
      : "unreachable",
  }));
}
