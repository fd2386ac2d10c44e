/**
 * The Grafana dashboard for the north-star metrics, time to first token and the SLOs' error
 * budgets, generated from the contract's thresholds and SLOs and lib/prometheus/promql.ts's queries, in Grafana's export format: import it in Grafana 10+
 * (Dashboards > New > Import) and pick a Prometheus data source for `${DS_PROMETHEUS}`.
 *
 * Colours follow lib/thresholds.ts: green while better than `green`, red past `red`, yellow
 * between. (Grafana's steps are "value >= step", so a value exactly on a line may differ.)
 * The time-series panels draw the alert lines instead: `yellow` (warning) and `red` (critical).
 * Latencies are in seconds, as Prometheus stores them (Grafana's "s" unit prints ms when small).
 * The SLO panels read the recording rules of report/prometheus-alerts.yml, so that file must be
 * loaded in the Prometheus the dashboard queries.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { packagePath } from "../package-root";
import {
  latencyQuantileQuery,
  metricQuery,
  METRIC_NAMES,
  promqlUnit,
  toPromqlUnit,
  ttftQuantileQuery,
} from "./promql";
import { sloErrorRatioRecord } from "./slo-rules";
import { errorBudget, SLO_NAMES } from "../slo";
import type { RulesContract } from "./alert-rules";
import { THRESHOLD_METRICS, type AlertThreshold, type ThresholdMetric } from "../thresholds";

export const GRAFANA_DASHBOARD_PATH = "report/grafana-dashboard.json";

const DATASOURCE = { type: "prometheus", uid: "${DS_PROMETHEUS}" };
const VARIABLES = ["environment", "customer_tier", "prompt_version", "model"] as const;
/** Label matchers for the dashboard's template variables. */
export const DASHBOARD_MATCHERS = VARIABLES.map((v) => `${v}=~"$${v}"`).join(",");

const TITLES: Record<ThresholdMetric, string> = {
  p95_latency_ms: "p95 latency",
  p95_ttft_ms: "p95 time to first token",
  failure_rate: "Failure rate",
  tool_success_rate: "Tool success rate",
  avg_cost_per_request: "Avg cost per request",
  quality_proxy_rate: "Quality proxy pass rate",
};

const unitOf = (t: AlertThreshold) =>
  t.unit === "usd" ? "currencyUSD" : t.unit === "percent" ? "percent" : "s";
const decimalsOf = (t: AlertThreshold) => (t.unit === "usd" ? 5 : t.unit === "percent" ? 1 : 2);

/** Status colours: the same green / yellow / red as `evaluate`, in the query's unit (seconds for latencies). */
export function statusSteps(t: AlertThreshold): { color: string; value: number | null }[] {
  const v = (x: number) => toPromqlUnit(x, t);
  return t.direction === "above"
    ? [
        { color: "green", value: null },
        { color: "yellow", value: v(t.green) },
        { color: "red", value: v(t.red) },
      ]
    : [
        { color: "red", value: null },
        { color: "yellow", value: v(t.red) },
        { color: "green", value: v(t.green) },
      ];
}

/** Alert lines: where the warning (yellow) and critical (red) rules fire. */
function alertSteps(t: AlertThreshold): { color: string; value: number | null }[] {
  const v = (x: number) => toPromqlUnit(x, t);
  return t.direction === "above"
    ? [
        { color: "green", value: null },
        { color: "yellow", value: v(t.yellow) },
        { color: "red", value: v(t.red) },
      ]
    : [
        { color: "red", value: null },
        { color: "yellow", value: v(t.red) },
        { color: "green", value: v(t.yellow) },
      ];
}

interface Target {
  expr: string;
  legendFormat: string;
}

function panel(
  type: "stat" | "timeseries",
  title: string,
  gridPos: { x: number; y: number; w: number; h: number },
  targets: Target[],
  defaults: Record<string, unknown>,
  description: string,
  options: Record<string, unknown>,
) {
  return {
    type,
    title,
    description,
    datasource: DATASOURCE,
    gridPos,
    targets: targets.map((t, i) => ({
      refId: String.fromCharCode(65 + i),
      datasource: DATASOURCE,
      expr: t.expr,
      legendFormat: t.legendFormat,
      range: true,
    })),
    fieldConfig: { defaults, overrides: [] },
    options,
  };
}

export interface DashboardOptions {
  /** Rate window for every query (default "5m"). */
  window?: string;
}

/** The dashboard JSON as an object. */
export function grafanaDashboard(
  contract: RulesContract,
  options: DashboardOptions = {},
): Record<string, unknown> {
  const thresholds = contract.alert_thresholds;
  const window = options.window ?? "5m";
  const q = { window, matchers: DASHBOARD_MATCHERS };
  const sel = (extra = "") => `{${[extra, DASHBOARD_MATCHERS].filter(Boolean).join(",")}}`;
  const panels: Record<string, unknown>[] = [];
  const add = (p: Record<string, unknown>) => panels.push({ id: panels.length + 1, ...p });

  // Row 1: the six numbers, coloured by status.
  const widths = [4, 4, 4, 4, 4, 4];
  let x = 0;
  THRESHOLD_METRICS.forEach((metric, i) => {
    const t = thresholds[metric];
    add(
      panel(
        "stat",
        TITLES[metric],
        { x, y: 0, w: widths[i], h: 5 },
        [{ expr: metricQuery(metric, q), legendFormat: metric }],
        {
          unit: unitOf(t),
          decimals: decimalsOf(t),
          color: { mode: "thresholds" },
          thresholds: { mode: "absolute", steps: statusSteps(t) },
        },
        `${metric} over ${window}. ${t.justification}`,
        {
          reduceOptions: { calcs: ["lastNotNull"], fields: "", values: false },
          colorMode: "background",
          graphMode: "area",
          textMode: "value",
          justifyMode: "center",
        },
      ),
    );
    x += widths[i];
  });

  // Rows 2-4: each metric over time with its alert lines, sliced where the slice explains the number.
  const series = (
    metric: ThresholdMetric,
    title: string,
    targets: Target[],
    pos: { x: number; y: number },
  ) => {
    const t = thresholds[metric];
    add(
      panel(
        "timeseries",
        title,
        { ...pos, w: 12, h: 8 },
        targets,
        {
          unit: unitOf(t),
          decimals: decimalsOf(t),
          color: { mode: "palette-classic" },
          custom: { thresholdsStyle: { mode: "dashed" }, lineWidth: 2, fillOpacity: 5, spanNulls: true },
          thresholds: { mode: "absolute", steps: alertSteps(t) },
        },
        `Dashed lines: warning at ${toPromqlUnit(t.yellow, t)}, critical at ${toPromqlUnit(t.red, t)} (${promqlUnit(t).unit}), from observability_contract.json.`,
        {
          legend: { displayMode: "list", placement: "bottom", showLegend: true },
          tooltip: { mode: "multi", sort: "desc" },
        },
      ),
    );
  };
  series(
    "p95_latency_ms",
    "Latency percentiles",
    [0.5, 0.95, 0.99].map((quantile) => ({
      expr: latencyQuantileQuery(quantile, q),
      legendFormat: `p${Math.round(quantile * 100)}`,
    })),
    { x: 0, y: 5 },
  );
  series(
    "p95_ttft_ms",
    "Time to first token percentiles",
    [0.5, 0.95].map((quantile) => ({
      expr: ttftQuantileQuery(quantile, q),
      legendFormat: `p${Math.round(quantile * 100)}`,
    })),
    { x: 12, y: 5 },
  );
  series(
    "failure_rate",
    "Failure rate by environment",
    [{ expr: metricQuery("failure_rate", { ...q, by: "environment" }), legendFormat: "{{environment}}" }],
    { x: 0, y: 13 },
  );
  series(
    "tool_success_rate",
    "Tool success rate by tool",
    [{ expr: metricQuery("tool_success_rate", { ...q, by: "tool" }), legendFormat: "{{tool}}" }],
    { x: 12, y: 13 },
  );
  series(
    "avg_cost_per_request",
    "Avg cost per request by model",
    [{ expr: metricQuery("avg_cost_per_request", { ...q, by: "model" }), legendFormat: "{{model}}" }],
    { x: 0, y: 21 },
  );
  series(
    "quality_proxy_rate",
    "Quality proxy pass rate by prompt version",
    [
      {
        expr: metricQuery("quality_proxy_rate", { ...q, by: "prompt_version" }),
        legendFormat: "{{prompt_version}}",
      },
    ],
    { x: 12, y: 21 },
  );
  add(
    panel(
      "timeseries",
      "Requests and failures by error type",
      { x: 0, y: 29, w: 12, h: 8 },
      [
        { expr: `sum(rate(${METRIC_NAMES.requests}${sel()}[${window}]))`, legendFormat: "requests/s" },
        {
          expr: `sum by (error_type) (rate(${METRIC_NAMES.failures}${sel()}[${window}]))`,
          legendFormat: "{{error_type}}",
        },
      ],
      { unit: "reqps", color: { mode: "palette-classic" }, custom: { lineWidth: 2, fillOpacity: 5 } },
      "Traffic, and failures split by classified error type (rate_limit, timeout, context_overflow, provider_5xx, other).",
      {
        legend: { displayMode: "list", placement: "bottom", showLegend: true },
        tooltip: { mode: "multi", sort: "desc" },
      },
    ),
  );

  // Error budgets: the SLO recording rules (all traffic; the template variables do not apply).
  const { slos, slo_alerting: alerting } = contract;
  const lines = [alerting.ticket, alerting.page].sort((a, b) => a.burn_rate - b.burn_rate);
  add(
    panel(
      "timeseries",
      `Error budget burn rate over ${alerting.page.long_window}`,
      { x: 12, y: 29, w: 12, h: 8 },
      SLO_NAMES.map((name) => ({
        expr: `${sloErrorRatioRecord(alerting.page.long_window)}{slo="${name}"} / ${errorBudget(slos[name])}`,
        legendFormat: name,
      })),
      {
        unit: "none",
        decimals: 1,
        color: { mode: "palette-classic" },
        custom: { thresholdsStyle: { mode: "dashed" }, lineWidth: 2, fillOpacity: 5, spanNulls: true },
        thresholds: {
          mode: "absolute",
          steps: [
            { color: "green", value: null },
            { color: "yellow", value: lines[0].burn_rate },
            { color: "red", value: lines[1].burn_rate },
          ],
        },
      },
      `Bad-event ratio / error budget per SLO (1 = the budget lasts exactly its window). Dashed lines: ticket at ${alerting.ticket.burn_rate}x (${alerting.ticket.long_window} and ${alerting.ticket.short_window}), page at ${alerting.page.burn_rate}x (${alerting.page.long_window} and ${alerting.page.short_window}). Needs the recording rules of report/prometheus-alerts.yml.`,
      {
        legend: { displayMode: "list", placement: "bottom", showLegend: true },
        tooltip: { mode: "multi", sort: "desc" },
      },
    ),
  );
  add(
    panel(
      "stat",
      "Error budget remaining",
      { x: 0, y: 37, w: 24, h: 5 },
      SLO_NAMES.map((name) => ({
        expr: `1 - ${sloErrorRatioRecord(slos[name].window)}{slo="${name}"} / ${errorBudget(slos[name])}`,
        legendFormat: `${name} (${slos[name].objective_percent}% over ${slos[name].window})`,
      })),
      {
        unit: "percentunit",
        decimals: 1,
        min: -1,
        max: 1,
        color: { mode: "thresholds" },
        thresholds: {
          mode: "absolute",
          steps: [
            { color: "red", value: null },
            { color: "yellow", value: 0 },
            { color: "green", value: 0.25 },
          ],
        },
      },
      "Share of each SLO's error budget left over its window (negative: overspent). Red when spent, yellow under 25% left. Needs the recording rules of report/prometheus-alerts.yml.",
      {
        reduceOptions: { calcs: ["lastNotNull"], fields: "", values: false },
        colorMode: "background",
        graphMode: "area",
        textMode: "value_and_name",
        justifyMode: "center",
      },
    ),
  );

  const templating = VARIABLES.map((name) => ({
    name,
    label: name,
    type: "query",
    datasource: DATASOURCE,
    query: { query: `label_values(${METRIC_NAMES.requests}, ${name})`, refId: `var-${name}` },
    definition: `label_values(${METRIC_NAMES.requests}, ${name})`,
    includeAll: true,
    multi: true,
    allValue: ".*",
    current: { selected: true, text: ["All"], value: ["$__all"] },
    refresh: 2,
    sort: 1,
  }));

  return {
    __inputs: [
      {
        name: "DS_PROMETHEUS",
        label: "Prometheus",
        description: "The Prometheus that scrapes the support bot's /metrics",
        type: "datasource",
        pluginId: "prometheus",
        pluginName: "Prometheus",
      },
    ],
    __elements: {},
    __requires: [
      { type: "grafana", id: "grafana", name: "Grafana", version: "10.0.0" },
      { type: "datasource", id: "prometheus", name: "Prometheus", version: "1.0.0" },
      { type: "panel", id: "stat", name: "Stat", version: "" },
      { type: "panel", id: "timeseries", name: "Time series", version: "" },
    ],
    annotations: {
      list: [
        {
          builtIn: 1,
          datasource: { type: "grafana", uid: "-- Grafana --" },
          enable: true,
          hide: true,
          iconColor: "rgba(0, 211, 255, 1)",
          name: "Annotations & Alerts",
          type: "dashboard",
        },
      ],
    },
    description:
      "The north-star metrics, time to first token and SLO error budgets of the support bot. Generated by lib/prometheus/grafana-dashboard.ts from observability_contract.json; do not edit by hand.",
    editable: true,
    fiscalYearStartMonth: 0,
    graphTooltip: 1,
    id: null,
    links: [],
    panels,
    refresh: "30s",
    schemaVersion: 39,
    tags: ["llm", "observability", "support-bot"],
    templating: { list: templating },
    time: { from: "now-6h", to: "now" },
    timepicker: {},
    timezone: "utc",
    title: "Support bot: LLM north-star metrics",
    uid: "llm-north-star",
    version: 1,
    weekStart: "",
  };
}

/** The dashboard file's exact text. */
export function grafanaDashboardJson(contract: RulesContract, options: DashboardOptions = {}): string {
  return JSON.stringify(grafanaDashboard(contract, options), null, 2) + "\n";
}

/** Writes `report/grafana-dashboard.json` (or `options.path`) and returns its path. */
export function writeGrafanaDashboard(
  contract: RulesContract,
  options: DashboardOptions & { path?: string } = {},
): string {
  const file = resolve(options.path ?? packagePath(GRAFANA_DASHBOARD_PATH));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, grafanaDashboardJson(contract, options));
  return file;
}
