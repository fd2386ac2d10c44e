/**
 * Unit tests for the generated rules, in `promtool test rules` format: synthetic series go in,
 * and each alert must fire (with exactly these labels and annotations) or stay quiet at a given
 * time. Generated from the contract like the rules, committed beside them as
 * report/prometheus-alerts.test.yml, and run by promtool in lib/prometheus/alert-rules.test.ts.
 *
 * Every SLO gets three 100-events-a-minute series: healthy (bad at half the budget: both alerts
 * quiet), a fast burn (bad at 20x the budget for 65 minutes: the page fires, the ticket not yet)
 * and a slow burn (bad at 8x for 7 hours, or just under 100% when 8x is impossible: the ticket
 * fires, the page does not). The expectations are plain arithmetic on those profiles.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { stringify } from "yaml";
import { packagePath } from "../package-root";
import { errorBudget, SLO_NAMES, type SloAlerting, type SloName, type Slos } from "../slo";
import {
  alertRules,
  ALERT_RULES_PATH,
  BURN_RATE_GROUP,
  THRESHOLD_GROUP,
  type AlertRuleOptions,
  type RulesContract,
} from "./alert-rules";
import { METRIC_NAMES } from "./promql";
import { burnAlertName, leOf } from "./slo-rules";

export const RULE_TESTS_PATH = "report/prometheus-alerts.test.yml";

const LABELS = 'environment="production",customer_tier="pro",prompt_version="v2.1",model="gpt-4o-mini"';
const PER_MINUTE = 100;

/** A counter that grows `perMinute` for `minutes`, segment after segment, in promtool's `a+bxn` notation. */
export function counterValues(segments: readonly [perMinute: number, minutes: number][]): string {
  const parts: string[] = [];
  let value = 0;
  segments.forEach(([rate, minutes], i) => {
    const r = Number(rate.toPrecision(10));
    if (i === 0) parts.push(`0+${r}x${minutes}`);
    else parts.push(`${Number((value + r).toPrecision(12))}+${r}x${minutes - 1}`);
    value += rate * minutes;
  });
  return parts.join(" ");
}

/** The series an SLO reads, for a profile of bad shares over time. */
function sloSeries(
  name: SloName,
  slos: Slos,
  profile: [bad: number, minutes: number][],
): { series: string; values: string }[] {
  const total = counterValues(profile.map(([, m]) => [PER_MINUTE, m]));
  const bad = counterValues(profile.map(([b, m]) => [PER_MINUTE * b, m]));
  const good = counterValues(profile.map(([b, m]) => [PER_MINUTE * (1 - b), m]));
  switch (name) {
    case "availability":
      return [
        { series: `${METRIC_NAMES.requests}{${LABELS}}`, values: total },
        { series: `${METRIC_NAMES.failures}{${LABELS},error_type="timeout"}`, values: bad },
      ];
    case "latency":
    case "ttft": {
      const histogram = name === "latency" ? METRIC_NAMES.latency : METRIC_NAMES.ttft;
      // A whole-second edge is written as Prometheus 3 stores it ("3.0"); the scrape tests cover 2.x's "3".
      const le = leOf(slos[name].threshold_ms);
      return [
        { series: `${histogram}_count{${LABELS}}`, values: total },
        { series: `${histogram}_bucket{${LABELS},le="${le.includes(".") ? le : `${le}.0`}"}`, values: good },
      ];
    }
    case "quality":
      return [
        { series: `${METRIC_NAMES.qualityScored}{${LABELS}}`, values: total },
        { series: `${METRIC_NAMES.qualityPassed}{${LABELS}}`, values: good },
      ];
  }
}

type Alert = { labels: Record<string, string>; annotations: Record<string, string> };
const expect = (alertname: string, eval_time: string, alerts: Alert[]) => ({
  eval_time,
  alertname,
  exp_alerts: alerts.map((a) => ({ exp_labels: a.labels, exp_annotations: a.annotations })),
});

/** The burn-rate scenarios for one SLO. */
function sloTests(name: SloName, slos: Slos, alerting: SloAlerting, burnRules: Alert[]) {
  const b = errorBudget(slos[name]);
  const mine = (severity: string) =>
    burnRules.filter((r) => r.labels.slo === name && r.labels.severity === severity);
  const alertname = burnAlertName(name);
  const fast = Math.min(1, 20 * b);
  const slow = Math.min(8 * b, ((alerting.ticket.burn_rate + 1 / b) / 2) * b);
  return [
    {
      name: `${name}: healthy, bad at half the budget for 7h, stays quiet`,
      interval: "1m",
      input_series: sloSeries(name, slos, [[0.5 * b, 420]]),
      alert_rule_test: [expect(alertname, "7h", [])],
    },
    {
      name: `${name}: fast burn, bad ${Number((100 * fast).toPrecision(3))}% for the last 65m, ${mine("page").length ? "pages" : "no page rule (unreachable)"} and does not ticket yet`,
      interval: "1m",
      input_series: sloSeries(name, slos, [
        [0.5 * b, 360],
        [fast, 70],
      ]),
      alert_rule_test: [expect(alertname, "425m", mine("page"))],
    },
    {
      name: `${name}: slow burn, bad ${Number((100 * slow).toPrecision(3))}% for 7h, tickets and does not page`,
      interval: "1m",
      input_series: sloSeries(name, slos, [
        [0.5 * b, 60],
        [slow, 420],
      ]),
      alert_rule_test: [expect(alertname, "470m", mine("ticket"))],
    },
  ];
}

/** The threshold alerts on one mixed series: some fire (warning or critical), some stay quiet, `for` is honoured. */
function thresholdTests(rules: (Alert & { alert: string })[]) {
  const counter = (series: string, perMinute: number) => ({ series, values: `0+${perMinute}x30` });
  const latency: [string, number][] = [
    ["1", 50],
    ["2", 80],
    ["5", 90],
    ["7.5", 100],
    ["10", 100],
    ["+Inf", 100],
  ];
  const ttft: [string, number][] = [
    ["0.8", 50],
    ["1.5", 90],
    ["3", 100],
    ["+Inf", 100],
  ];
  const expected = (alertname: string, severities: string[], value = "") =>
    expect(
      alertname,
      "20m",
      severities.map((severity) => {
        const rule = rules.find((r) => r.alert === alertname && r.labels.severity === severity)!;
        // promtool compares annotations too: expand the template with the value the series imply.
        return {
          labels: rule.labels,
          annotations: Object.fromEntries(
            Object.entries(rule.annotations).map(([k, v]) => [
              k,
              v.replace('{{ $value | printf "%.4g" }}', value),
            ]),
          ),
        };
      }),
    );
  return {
    name: "thresholds: 10% failures (warning), 80% tool success (critical), p95 6.25 s (warning), TTFT p95 2.25 s (warning), cost and quality quiet",
    interval: "1m",
    input_series: [
      counter(`${METRIC_NAMES.requests}{${LABELS}}`, 100),
      counter(`${METRIC_NAMES.failures}{${LABELS},error_type="timeout"}`, 10),
      counter(`${METRIC_NAMES.toolCalls}{${LABELS},tool="order_lookup",success="true"}`, 80),
      counter(`${METRIC_NAMES.toolCalls}{${LABELS},tool="order_lookup",success="false"}`, 20),
      counter(`${METRIC_NAMES.costUsd}{${LABELS}}`, 0.1),
      counter(`${METRIC_NAMES.pricedRequests}{${LABELS}}`, 100),
      counter(`${METRIC_NAMES.qualityScored}{${LABELS}}`, 50),
      counter(`${METRIC_NAMES.qualityPassed}{${LABELS}}`, 45),
      ...latency.map(([le, n]) => counter(`${METRIC_NAMES.latency}_bucket{${LABELS},le="${le}"}`, n)),
      ...ttft.map(([le, n]) => counter(`${METRIC_NAMES.ttft}_bucket{${LABELS},le="${le}"}`, n)),
    ],
    alert_rule_test: [
      expected("LlmFailureRateHigh", ["warning"], "10"),
      expected("LlmToolSuccessRateLow", ["warning", "critical"], "80"),
      expected("LlmP95LatencyHigh", ["warning"], "6.25"), // 5 + 2.5 * (95 - 90) / 10
      expected("LlmP95TimeToFirstTokenHigh", ["warning"], "2.25"), // 1.5 + 1.5 * (95 - 90) / 10
      expected("LlmCostPerRequestHigh", []),
      expected("LlmQualityProxyRateLow", []),
      { eval_time: "5m", alertname: "LlmToolSuccessRateLow", exp_alerts: [] }, // true since 5m, but `for: 5m` has not elapsed
    ],
  };
}

export interface RuleTestOptions extends AlertRuleOptions {
  /** The rules file the tests load, resolved by promtool relative to the test file (default prometheus-alerts.yml). */
  rulesFile?: string;
}

/** The unit-test file as data. */
export function ruleTests(contract: RulesContract, options: RuleTestOptions = {}) {
  const { rulesFile = basename(ALERT_RULES_PATH) } = options;
  const { slos, slo_alerting: alerting } = contract;
  const groups = alertRules(contract, options).groups;
  const thresholdRules = groups.find((g) => g.name === THRESHOLD_GROUP)!.rules as (Alert & {
    alert: string;
  })[];
  const burnRules = groups.find((g) => g.name === BURN_RATE_GROUP)!.rules as Alert[];
  return {
    rule_files: [rulesFile],
    // Rules run every 5m (the shortest window): 5x fewer evaluations than 1m, and every eval_time below is a multiple.
    evaluation_interval: "5m",
    tests: [
      thresholdTests(thresholdRules),
      ...SLO_NAMES.flatMap((name) => sloTests(name, slos, alerting, burnRules)),
    ],
  };
}

/** The test file's exact text. */
export function ruleTestsYaml(contract: RulesContract, options: RuleTestOptions = {}): string {
  const header =
    "# Generated by lib/prometheus/rule-tests.ts: promtool test rules report/prometheus-alerts.test.yml. Do not edit by hand.\n";
  return header + stringify(ruleTests(contract, options), { lineWidth: 0 });
}

/** Writes the test file (default report/prometheus-alerts.test.yml, beside the rules it names) and returns its path. */
export function writeRuleTests(
  contract: RulesContract,
  options: RuleTestOptions & { path?: string } = {},
): string {
  const file = resolve(options.path ?? packagePath(RULE_TESTS_PATH));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, ruleTestsYaml(contract, options));
  return file;
}
