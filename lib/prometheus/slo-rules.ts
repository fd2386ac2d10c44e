/**
 * The contract's SLOs as Prometheus rules, in the Google SRE Workbook's form ("Alerting on
 * SLOs", multiwindow multi-burn-rate): recording rules give each SLO's error ratio over the
 * windows the alerts need, and an alert fires when the error ratio exceeds `burn_rate x budget`
 * over BOTH its long and its short window (the long one proves it matters, the short one that
 * it is still happening, so the alert resets soon after a fix). The event definitions are
 * lib/slo.ts's: failed requests; requests slower than the latency SLO's bucket edge; first
 * tokens later than the TTFT SLO's; scored answers that fail the quality proxy.
 */
import { capitalised } from "../format";
import {
  burnAlertReachable,
  errorBudget,
  SLO_NAMES,
  type SloAlerting,
  type SloName,
  type Slos,
} from "../slo";
import { durationSeconds } from "../contract";
import { METRIC_NAMES, summed, type PromqlOptions } from "./promql";

/** Name of the recorded error ratio over `window` (label `slo` picks the SLO). */
export const sloErrorRatioRecord = (window: string) => `slo:llm_error_ratio:rate${window}`;

/** The `le` label value prom-client writes for a bucket edge in seconds (3000 ms -> "3"). */
export const leOf = (ms: number) => String(ms / 1000);

/**
 * A matcher for that bucket. Prometheus 3 normalises a scraped `le="3"` to `le="3.0"` (2.x keeps
 * "3"), so a whole-second edge matches both spellings; an exact matcher would silently count no
 * good events there, and every latency SLO would look 100% bad.
 */
export const leMatcher = (ms: number) =>
  Number.isInteger(ms / 1000) ? `le=~"${leOf(ms)}([.]0)?"` : `le="${leOf(ms)}"`;

/** PromQL for an SLO's error ratio (0..1, bad / total) over `window` (null: raw counters, a bounded demo's whole run). */
export function sloErrorRatioQuery(name: SloName, slos: Slos, options: PromqlOptions = {}): string {
  const o = { window: "5m", ...options, by: undefined };
  const histogramBad = (histogram: string, thresholdMs: number) =>
    `1 - ${summed(`${histogram}_bucket`, o, leMatcher(thresholdMs))} / ${summed(`${histogram}_count`, o)}`;
  switch (name) {
    case "availability":
      return `(${summed(METRIC_NAMES.failures, o)} or vector(0)) / ${summed(METRIC_NAMES.requests, o)}`;
    case "latency":
      return histogramBad(METRIC_NAMES.latency, slos.latency.threshold_ms);
    case "ttft":
      return histogramBad(METRIC_NAMES.ttft, slos.ttft.threshold_ms);
    case "quality":
      return `1 - (${summed(METRIC_NAMES.qualityPassed, o)} or vector(0)) / ${summed(METRIC_NAMES.qualityScored, o)}`;
  }
}

export interface RecordingRule {
  record: string;
  expr: string;
  labels: Record<string, string>;
}

export interface BurnRateAlertRule {
  alert: string;
  expr: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** The windows the recording rules cover: every alert window, plus each SLO's own (for the budget panels). */
export function sloWindows(slos: Slos, alerting: SloAlerting): string[] {
  const windows = [
    alerting.page.short_window,
    alerting.ticket.short_window,
    alerting.page.long_window,
    alerting.ticket.long_window,
    ...SLO_NAMES.map((n) => slos[n].window),
  ];
  return [...new Set(windows)];
}

/** One recording rule per SLO and window: `slo:llm_error_ratio:rate5m{slo="availability"}`. */
export function sloRecordingRules(slos: Slos, alerting: SloAlerting): RecordingRule[] {
  return sloWindows(slos, alerting).flatMap((window) =>
    SLO_NAMES.map((name) => ({
      record: sloErrorRatioRecord(window),
      expr: sloErrorRatioQuery(name, slos, { window }),
      labels: { slo: name },
    })),
  );
}

const percent = (fraction: number) => `${Number((100 * fraction).toPrecision(4))}%`;

/** The alert name of an SLO's burn-rate alerts (page and ticket share it, told apart by `severity`). */
export const burnAlertName = (name: SloName) => `Llm${capitalised(name)}ErrorBudgetBurn`;

/** An SLO's burn-rate alert at one severity, or null when `burn_rate x budget` exceeds 100% (it could never fire). */
export function burnRateAlert(
  name: SloName,
  severity: "page" | "ticket",
  slos: Slos,
  alerting: SloAlerting,
): BurnRateAlertRule | null {
  const slo = slos[name];
  const rule = alerting[severity];
  if (!burnAlertReachable(rule, slo)) return null;
  const budget = errorBudget(slo);
  const limit = `(${rule.burn_rate} * ${budget})`;
  const ratio = (window: string) => `${sloErrorRatioRecord(window)}{slo="${name}"}`;
  const days = Number(((durationSeconds(slo.window) ?? NaN) / 86400 / rule.burn_rate).toPrecision(2));
  return {
    alert: burnAlertName(name),
    expr: `${ratio(rule.long_window)} > ${limit} and ${ratio(rule.short_window)} > ${limit}`,
    labels: {
      severity,
      slo: name,
      service: "support-bot",
      long_window: rule.long_window,
      short_window: rule.short_window,
    },
    annotations: {
      summary: `${name} SLO error budget burning at >= ${rule.burn_rate}x (${severity})`,
      description: `The ${name} error ratio is above ${rule.burn_rate} x the ${percent(budget)} budget (${percent(rule.burn_rate * budget)}) over both ${rule.long_window} and ${rule.short_window}; at this rate the ${slo.window} budget is gone in about ${days} days. SLI: ${slo.sli}`,
      slo_source: "observability_contract.json slos and slo_alerting",
    },
  };
}

/** Every reachable burn-rate alert, page then ticket per SLO; `skipped` names the unreachable ones and why. */
export function burnRateAlerts(
  slos: Slos,
  alerting: SloAlerting,
): { rules: BurnRateAlertRule[]; skipped: { slo: SloName; severity: "page" | "ticket"; reason: string }[] } {
  const rules: BurnRateAlertRule[] = [];
  const skipped: { slo: SloName; severity: "page" | "ticket"; reason: string }[] = [];
  for (const name of SLO_NAMES) {
    for (const severity of ["page", "ticket"] as const) {
      const rule = burnRateAlert(name, severity, slos, alerting);
      if (rule) rules.push(rule);
      else {
        const need = alerting[severity].burn_rate * errorBudget(slos[name]);
        skipped.push({
          slo: name,
          severity,
          reason: `${alerting[severity].burn_rate}x the ${percent(errorBudget(slos[name]))} budget is ${percent(need)} bad events: more than all of them, so the alert could never fire`,
        });
      }
    }
  }
  return { rules, skipped };
}
