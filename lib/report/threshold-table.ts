/**
 * The alert threshold table: bands from `observability_contract.json` (`alert_thresholds`), current
 * values and statuses from Task 5's output. Nothing here is typed by hand.
 */
import type { AlertThreshold, Contract } from "../contract";
import { cellTable } from "../format";
import type { Task5Output } from "../outputs/task5-output";
import { html, ms, pct, usd } from "./units";

export const STATUSES = ["green", "yellow", "red"] as const;

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

/** A metric's current value from Task 5's metrics, by the contract's metric name; undefined when absent or not a number. */
export function metricValue(data: Pick<Task5Output, "metrics">, metric: string): number | undefined {
  const value = (data.metrics as Record<string, unknown>)[metric];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Rows for every threshold in the contract; a metric the run did not report shows as "not measured". */
export function thresholdTable(contract: Contract, data: Pick<Task5Output, "metrics" | "statuses">): string {
  const thresholds = contract.alert_thresholds as Record<string, AlertThreshold>;
  const rows = Object.entries(thresholds).map(([metric, t]) => {
    const status = data.statuses[metric] ?? "not measured";
    const value = metricValue(data, metric);
    return [
      `<code>${html(metric)}</code>`,
      value === undefined ? "no data" : inUnit(value, t.unit),
      `<span class="status ${status.replace(/ /g, "-")}">${status}</span>`,
      band(t, "green"),
      band(t, "yellow"),
      band(t, "red"),
      html(t.justification),
    ];
  });
  return cellTable(["metric", "now", "status", "green", "yellow", "red", "why these bands"], rows, {
    className: "thresholds",
  });
}
