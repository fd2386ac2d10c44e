/**
 * The alert threshold table: bands from `observability_contract.json` (`alert_thresholds`), current
 * values and statuses from Task 5's output. Nothing here is typed by hand.
 */
import type { AlertThreshold, Contract } from "../contract";
import { table } from "./report-section";
import type { TaskOutput } from "./task-output";
import { html, ms, pct, usd } from "./units";

export const STATUSES = ["green", "yellow", "red"] as const;
/** What lib/thresholds.ts `evaluate` may report; "no data" when a metric has no denominator. */
export const REPORTED_STATUSES = [...STATUSES, "no data"] as const;

/** Formats a value in a threshold's unit. */
export function inUnit(value: number, unit: AlertThreshold["unit"]): string {
  return unit === "ms" ? ms(value) : unit === "percent" ? pct(value, value % 1 === 0 ? 0 : 1) : usd(value);
}

/** The contract's band as the assignment writes it: "< 3,000 ms" green, "> 5,000 ms" yellow, "> 10,000 ms" red. */
export function band(t: AlertThreshold, level: (typeof STATUSES)[number]): string {
  const goodSide = t.direction === "above" ? "<" : ">";
  const badSide = t.direction === "above" ? ">" : "<";
  return `${level === "green" ? goodSide : badSide} ${inUnit(t[level], t.unit)}`;
}

/**
 * Rows for every threshold in the contract. `metrics` and `statuses` locate, in Task 5's output,
 * the objects keyed by metric name that hold current values and statuses. A status may be the
 * plain string or lib/thresholds.ts's `MetricStatus` object ({ status, value, ... }).
 */
export function thresholdTable(contract: Contract, out: TaskOutput, paths: { metrics: string; statuses: string }): string {
  const thresholds = contract.alert_thresholds as Record<string, AlertThreshold>;
  const rows = Object.entries(thresholds).map(([metric, t]) => {
    const at = `${paths.statuses}.${metric}`;
    const status = out.oneOf(typeof out.get(at) === "object" ? `${at}.status` : at, REPORTED_STATUSES);
    const now = status === "no data" ? "no data" : inUnit(out.num(`${paths.metrics}.${metric}`), t.unit);
    return [
      `<code>${html(metric)}</code>`,
      now,
      `<span class="status ${status.replace(" ", "-")}">${status}</span>`,
      band(t, "green"),
      band(t, "yellow"),
      band(t, "red"),
      html(t.justification),
    ];
  });
  return table(["metric", "now", "status", "green", "yellow", "red", "why these bands"], rows, "thresholds");
}
