/**
 * Green / yellow / red for the five north-star metrics and time to first token. The numbers live in one place, the
 * contract's `alert_thresholds`; the dashboard colours, the Prometheus alert rules and the
 * notebook table are all generated from them.
 *
 * Status semantics (direction "above" = higher is worse; "below" mirrors it):
 * - green:   strictly better than `green`  (p95 < 3,000 ms; tool success > 95%);
 * - red:     strictly worse than `red`     (p95 > 10,000 ms; tool success < 85%);
 * - yellow:  everything between, including the gap between `green` and `yellow`.
 * `yellow` is where the warning alert fires and `red` the critical one: the dashboard leaves
 * green as soon as a metric does, but nobody is notified until it crosses the yellow line.
 * A metric with no denominator (null, e.g. no tool calls) is "no data", never an error.
 */
import type { AlertThreshold, Contract } from "./contract";
import { formatCell } from "./format";

export type Thresholds = Contract["alert_thresholds"];
export type ThresholdMetric = keyof Thresholds;
export type { AlertThreshold };

/** The five north-star metrics plus time to first token, in the order tables and dashboards show them. */
export const THRESHOLD_METRICS: readonly ThresholdMetric[] = [
  "p95_latency_ms",
  "p95_ttft_ms",
  "failure_rate",
  "tool_success_rate",
  "avg_cost_per_request",
  "quality_proxy_rate",
];

export type Status = "green" | "yellow" | "red" | "no data";
export type AlertLevel = "none" | "warning" | "critical";

export interface MetricStatus {
  metric: ThresholdMetric;
  value: number | null;
  status: Status;
  /** The alert the generated Prometheus rules would raise for this value. */
  alert: AlertLevel;
  threshold: AlertThreshold;
}

/** `value` is worse than `limit` in the threshold's direction. */
const worse = (value: number, limit: number, t: AlertThreshold) =>
  t.direction === "above" ? value > limit : value < limit;

export function statusOf(
  value: number | null | undefined,
  t: AlertThreshold,
): { status: Status; alert: AlertLevel } {
  if (typeof value !== "number" || !Number.isFinite(value)) return { status: "no data", alert: "none" };
  const alert: AlertLevel = worse(value, t.red, t)
    ? "critical"
    : worse(value, t.yellow, t)
      ? "warning"
      : "none";
  const better = t.direction === "above" ? value < t.green : value > t.green;
  const status: Status = better ? "green" : alert === "critical" ? "red" : "yellow";
  return { status, alert };
}

/** A status per metric against `thresholds` (the contract's `alert_thresholds`). Missing, null or NaN metrics are "no data". */
export function evaluate(
  metrics: Partial<Record<ThresholdMetric, number | null>>,
  thresholds: Thresholds,
): Record<ThresholdMetric, MetricStatus> {
  const result = {} as Record<ThresholdMetric, MetricStatus>;
  for (const metric of THRESHOLD_METRICS) {
    const threshold = thresholds[metric];
    const raw = metrics?.[metric];
    const value = typeof raw === "number" && Number.isFinite(raw) ? raw : null;
    result[metric] = { metric, value, ...statusOf(value, threshold), threshold };
  }
  return result;
}

const UNIT_SUFFIX: Record<AlertThreshold["unit"], string> = { ms: " ms", percent: "%", usd: " USD" };

/** A limit as the table reads it, e.g. "< 3,000 ms" or "> 95%". */
export function describeLimit(t: AlertThreshold, level: "green" | "yellow" | "red"): string {
  const better = t.direction === "above" ? "<" : ">";
  const worseOp = t.direction === "above" ? ">" : "<";
  const number = t.unit === "usd" ? `$${t[level]}` : `${formatCell(t[level], 4)}${UNIT_SUFFIX[t.unit]}`;
  return `${level === "green" ? better : worseOp} ${number}`;
}

/** Rows for the notebook's and report's threshold table. */
export function thresholdTable(
  statuses: Record<ThresholdMetric, MetricStatus>,
): Record<string, string | number | null>[] {
  return THRESHOLD_METRICS.map((metric) => {
    const s = statuses[metric];
    const t = s.threshold;
    return {
      metric,
      value: s.value === null ? null : Number(s.value.toPrecision(4)),
      unit: t.unit,
      status: s.status,
      alert: s.alert,
      green: describeLimit(t, "green"),
      yellow: describeLimit(t, "yellow"),
      red: describeLimit(t, "red"),
      justification: t.justification,
    };
  });
}
