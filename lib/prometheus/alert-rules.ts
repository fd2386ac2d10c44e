/**
 * Prometheus rules generated from the contract, in three groups:
 * - threshold alerts: a warning past each metric's `yellow` line and a critical past its `red`
 *   line, over the same PromQL the dashboard plots (latencies in seconds, the base unit);
 * - SLO recording rules: each SLO's error ratio over the burn-rate windows (lib/prometheus/slo-rules.ts);
 * - burn-rate alerts: page at 14.4x over 1h and 5m, ticket at 6x over 6h and 30m (contract `slo_alerting`).
 * `promtool check rules` validates the file and `promtool test rules` runs its unit tests
 * (report/prometheus-alerts.test.yml, from lib/prometheus/rule-tests.ts) in the tests.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { stringify } from "yaml";
import { packagePath } from "../package-root";
import type { Contract } from "../contract";
import { metricQuery, METRIC_NAMES, promqlUnit, toPromqlUnit } from "./promql";
import { burnRateAlerts, sloRecordingRules, type BurnRateAlertRule, type RecordingRule } from "./slo-rules";
import { checkRulesWithPromtool as checkRules, type PromtoolResult } from "./promtool";
import { describeLimit, THRESHOLD_METRICS, type ThresholdMetric, type Thresholds } from "../thresholds";

/** The rules file inside the package (written and checked under the package root by default). */
export const ALERT_RULES_PATH = "report/prometheus-alerts.yml";
export type { PromtoolResult };

/** What the rules, their unit tests and the dashboard are generated from: the contract (or these blocks of one). */
export type RulesContract = Pick<Contract, "alert_thresholds" | "slos" | "slo_alerting">;

export interface AlertRuleOptions {
  /** Rate window of the threshold expressions (default "5m"). */
  window?: string;
  /** How long a threshold condition must hold before the alert fires (default "5m"). */
  forDuration?: string;
  /** Below this many requests in the window a threshold alert stays quiet: 1 failure in 3 requests is noise, not 33%. */
  minRequests?: number;
}

const ALERT_NAMES: Record<ThresholdMetric, string> = {
  p95_latency_ms: "LlmP95LatencyHigh",
  p95_ttft_ms: "LlmP95TimeToFirstTokenHigh",
  failure_rate: "LlmFailureRateHigh",
  tool_success_rate: "LlmToolSuccessRateLow",
  avg_cost_per_request: "LlmCostPerRequestHigh",
  quality_proxy_rate: "LlmQualityProxyRateLow",
};

export interface AlertRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export const THRESHOLD_GROUP = "llm-north-star-metrics";
export const SLO_RECORDING_GROUP = "llm-slo-error-ratios";
export const BURN_RATE_GROUP = "llm-slo-burn-rate-alerts";

export interface RuleGroups {
  groups: [
    { name: typeof THRESHOLD_GROUP; rules: AlertRule[] },
    { name: typeof SLO_RECORDING_GROUP; rules: RecordingRule[] },
    { name: typeof BURN_RATE_GROUP; rules: BurnRateAlertRule[] },
  ];
}

/** The threshold alerts: warning at `yellow`, critical at `red`, in each query's unit. */
export function thresholdAlertRules(thresholds: Thresholds, options: AlertRuleOptions = {}): AlertRule[] {
  const { window = "5m", forDuration = "5m", minRequests = 20 } = options;
  const enoughTraffic = `sum(increase(${METRIC_NAMES.requests}[${window}])) >= ${minRequests}`;
  const rules: AlertRule[] = [];
  for (const metric of THRESHOLD_METRICS) {
    const t = thresholds[metric];
    const op = t.direction === "above" ? ">" : "<";
    const unit = promqlUnit(t).unit;
    for (const [severity, level] of [
      ["warning", "yellow"],
      ["critical", "red"],
    ] as const) {
      rules.push({
        alert: ALERT_NAMES[metric],
        expr: `(${metricQuery(metric, { window })}) ${op} ${toPromqlUnit(t[level], t)} and on() (${enoughTraffic})`,
        for: forDuration,
        labels: { severity, metric, service: "support-bot" },
        annotations: {
          summary: `${metric} ${describeLimit(t, level)} (${severity})`,
          description: `${metric} is {{ $value | printf "%.4g" }} ${unit} over the last ${window}; the contract's ${level} line is ${describeLimit(t, level)}. ${t.justification}`,
          threshold_source: "observability_contract.json alert_thresholds",
        },
      });
    }
  }
  return rules;
}

/** The rule groups as data (what `alertRulesYaml` serialises). */
export function alertRules(contract: RulesContract, options: AlertRuleOptions = {}): RuleGroups {
  const { slos, slo_alerting: alerting } = contract;
  return {
    groups: [
      { name: THRESHOLD_GROUP, rules: thresholdAlertRules(contract.alert_thresholds, options) },
      { name: SLO_RECORDING_GROUP, rules: sloRecordingRules(slos, alerting) },
      { name: BURN_RATE_GROUP, rules: burnRateAlerts(slos, alerting).rules },
    ],
  };
}

/** The rules file's exact text; its header names any burn-rate alert left out because it could never fire. */
export function alertRulesYaml(contract: RulesContract, options: AlertRuleOptions = {}): string {
  const skipped = burnRateAlerts(contract.slos, contract.slo_alerting).skipped.map(
    (s) => `# Not generated: ${s.slo} ${s.severity} alert (${s.reason}).\n`,
  );
  const header =
    "# Generated by lib/prometheus/alert-rules.ts from observability_contract.json (alert_thresholds, slos, slo_alerting). Do not edit by hand.\n";
  return header + skipped.join("") + stringify(alertRules(contract, options), { lineWidth: 0 });
}

/** Writes `report/prometheus-alerts.yml` (or `options.path`) and returns its path. */
export function writeAlertRules(
  contract: RulesContract,
  options: AlertRuleOptions & { path?: string } = {},
): string {
  const file = resolve(options.path ?? packagePath(ALERT_RULES_PATH));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, alertRulesYaml(contract, options));
  return file;
}

/** Runs `promtool check rules` on a rules file (default: the committed one); a missing promtool is a result, not a throw. */
export function checkRulesWithPromtool(
  path: string = packagePath(ALERT_RULES_PATH),
  promtool = "promtool",
): PromtoolResult {
  return checkRules(path, promtool);
}
