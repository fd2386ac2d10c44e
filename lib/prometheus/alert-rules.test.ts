import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import {
  alertRules,
  alertRulesYaml,
  ALERT_RULES_PATH,
  BURN_RATE_GROUP,
  checkRulesWithPromtool,
  SLO_RECORDING_GROUP,
  THRESHOLD_GROUP,
  writeAlertRules,
} from "./alert-rules";
import { hasPromtool, testRulesWithPromtool } from "./promtool";
import { RULE_TESTS_PATH, ruleTestsYaml, writeRuleTests, counterValues } from "./rule-tests";
import { loadContract } from "../contract";
import { budgetConsumedPercent, SLO_NAMES } from "../slo";
import { THRESHOLD_METRICS } from "../thresholds";

const contract = loadContract();
const promtool = hasPromtool();
const dir = mkdtempSync(join(tmpdir(), "alert-rules-"));
const rulesFile = writeAlertRules(contract, { path: join(dir, "prometheus-alerts.yml") });
const testsFile = writeRuleTests(contract, { path: join(dir, "prometheus-alerts.test.yml") });
const group = (name: string) => alertRules(contract).groups.find((g) => g.name === name)!.rules;

describe("generated threshold alerts", () => {
  it("has a warning and a critical rule per metric, at the contract's yellow and red lines (latencies in seconds)", () => {
    const t = contract.alert_thresholds;
    const rules = group(THRESHOLD_GROUP) as {
      expr: string;
      labels: Record<string, string>;
      annotations: Record<string, string>;
    }[];
    expect(rules).toHaveLength(2 * THRESHOLD_METRICS.length);
    for (const metric of THRESHOLD_METRICS) {
      const mine = rules.filter((r) => r.labels.metric === metric);
      expect(mine.map((r) => r.labels.severity)).toEqual(["warning", "critical"]);
      const op = t[metric].direction === "above" ? ">" : "<";
      const scale = t[metric].unit === "ms" ? 1000 : 1;
      expect(mine[0].expr).toContain(`) ${op} ${t[metric].yellow / scale} and`);
      expect(mine[1].expr).toContain(`) ${op} ${t[metric].red / scale} and`);
      expect(mine[0].annotations.description).toContain(t[metric].justification);
    }
    expect(
      rules.find((r) => r.labels.metric === "p95_latency_ms" && r.labels.severity === "warning")!.expr,
    ).toMatch(
      /^\(histogram_quantile\(0\.95, sum by \(le\) \(rate\(llm_request_duration_seconds_bucket\[5m\]\)\)\)\) > 5 and/,
    );
    expect(
      rules.find((r) => r.labels.metric === "p95_ttft_ms" && r.labels.severity === "critical")!.expr,
    ).toContain("llm_time_to_first_token_seconds_bucket[5m])))) > 3 and");
  });
});

describe("generated SLO rules (SRE workbook: multiwindow, multi-burn-rate)", () => {
  it("records each SLO's error ratio over 5m, 30m, 1h, 6h and its 30d window", () => {
    const records = group(SLO_RECORDING_GROUP) as {
      record: string;
      expr: string;
      labels: Record<string, string>;
    }[];
    expect([...new Set(records.map((r) => r.record))]).toEqual(
      ["5m", "30m", "1h", "6h", "30d"].map((w) => `slo:llm_error_ratio:rate${w}`),
    );
    expect(records).toHaveLength(5 * SLO_NAMES.length);
    const expr = (slo: string, w: string) =>
      records.find((r) => r.labels.slo === slo && r.record.endsWith(`rate${w}`))!.expr;
    expect(expr("availability", "1h")).toBe(
      "(sum(rate(llm_request_failures_total[1h])) or vector(0)) / sum(rate(llm_requests_total[1h]))",
    );
    // A whole-second edge matches le="3" (Prometheus 2) and le="3.0" (Prometheus 3 normalises it).
    expect(expr("latency", "5m")).toBe(
      '1 - sum(rate(llm_request_duration_seconds_bucket{le=~"3([.]0)?"}[5m])) / sum(rate(llm_request_duration_seconds_count[5m]))',
    );
    expect(expr("ttft", "6h")).toBe(
      '1 - sum(rate(llm_time_to_first_token_seconds_bucket{le="0.8"}[6h])) / sum(rate(llm_time_to_first_token_seconds_count[6h]))',
    );
  });

  it("pages at 14.4x over 1h and 5m and tickets at 6x over 6h and 30m: 2% and 5% of a 30-day budget", () => {
    const { page, ticket } = contract.slo_alerting;
    expect(page).toMatchObject({ burn_rate: 14.4, long_window: "1h", short_window: "5m" });
    expect(ticket).toMatchObject({ burn_rate: 6, long_window: "6h", short_window: "30m" });
    for (const name of SLO_NAMES) {
      expect(contract.slos[name].window).toBe("30d");
      expect(budgetConsumedPercent(page, contract.slos[name].window)).toBe(2);
      expect(budgetConsumedPercent(ticket, contract.slos[name].window)).toBe(5);
    }
    const alerts = group(BURN_RATE_GROUP) as {
      alert: string;
      expr: string;
      labels: Record<string, string>;
    }[];
    const availability = alerts.filter((a) => a.labels.slo === "availability");
    expect(availability.map((a) => a.labels.severity)).toEqual(["page", "ticket"]);
    expect(availability[0].expr).toBe(
      'slo:llm_error_ratio:rate1h{slo="availability"} > (14.4 * 0.02) and slo:llm_error_ratio:rate5m{slo="availability"} > (14.4 * 0.02)',
    );
    expect(availability[1].expr).toBe(
      'slo:llm_error_ratio:rate6h{slo="availability"} > (6 * 0.02) and slo:llm_error_ratio:rate30m{slo="availability"} > (6 * 0.02)',
    );
  });

  it("leaves out an alert that could never fire, and says so in the file (quality: 14.4 x 15% > 100%)", () => {
    const alerts = group(BURN_RATE_GROUP) as { labels: Record<string, string> }[];
    expect(alerts.map((a) => `${a.labels.slo}:${a.labels.severity}`)).toEqual([
      "availability:page",
      "availability:ticket",
      "latency:page",
      "latency:ticket",
      "ttft:page",
      "ttft:ticket",
      "quality:ticket",
    ]);
    expect(alertRulesYaml(contract)).toContain(
      "# Not generated: quality page alert (14.4x the 15% budget is 216% bad events",
    );
  });

  it("writes promtool's a+bxn counter notation segment by segment", () => {
    expect(counterValues([[100, 3]])).toBe("0+100x3");
    expect(
      counterValues([
        [1, 2],
        [5, 2],
      ]),
    ).toBe("0+1x2 7+5x1"); // 0 1 2 | 7 12
  });
});

describe("committed files", () => {
  it("report/prometheus-alerts.yml is generated (regenerate with writeAlertRules())", () => {
    expect(readFileSync(ALERT_RULES_PATH, "utf8")).toBe(alertRulesYaml(contract));
  });

  it("report/prometheus-alerts.test.yml is generated (regenerate with writeRuleTests())", () => {
    expect(readFileSync(RULE_TESTS_PATH, "utf8")).toBe(ruleTestsYaml(contract));
  });
});

// Skipped only off CI: .ci/setup installs the tool, so in CI a missing one fails the test.
describe.skipIf(!promtool && !process.env.CI)("promtool", () => {
  it("check rules passes on the generated and the committed file", () => {
    const total = alertRules(contract).groups.reduce((n, g) => n + g.rules.length, 0);
    for (const file of [rulesFile, ALERT_RULES_PATH]) {
      const result = checkRulesWithPromtool(file);
      expect(result.output).toContain(`SUCCESS: ${total} rules found`);
      expect(result).toMatchObject({ ok: true, skipped: false });
    }
  });

  it("test rules passes on the committed unit tests: every alert fires on its synthetic burn and stays quiet when healthy", () => {
    const result = testRulesWithPromtool(RULE_TESTS_PATH);
    expect(result.output).toContain("SUCCESS");
    expect(result).toMatchObject({ ok: true, status: 0 });
  }, 120_000);

  it("test rules fails when the rules drift from the contract (the tests can fail)", () => {
    // Rules paging only at 30x: the 20x fast burn no longer pages, so the committed expectations break.
    const mutated = join(mkdtempSync(join(tmpdir(), "alert-rules-mutant-")), "prometheus-alerts.yml");
    writeAlertRules(
      {
        ...contract,
        slo_alerting: { ...contract.slo_alerting, page: { ...contract.slo_alerting.page, burn_rate: 30 } },
      },
      { path: mutated },
    );
    copyFileSync(testsFile, join(mutated, "..", "prometheus-alerts.test.yml"));
    const result = testRulesWithPromtool(join(mutated, "..", "prometheus-alerts.test.yml"));
    expect(result.ok).toBe(false);
    expect(result.output).toContain("LlmAvailabilityErrorBudgetBurn");
  }, 120_000);

  it("a broken rule file fails promtool check rules", () => {
    const broken = join(dir, "broken.yml");
    const rules = parse(alertRulesYaml(contract));
    rules.groups[0].rules[0].expr = "sum(rate(llm_requests_total[5m]) >";
    writeFileSync(broken, stringify(rules));
    expect(checkRulesWithPromtool(broken)).toMatchObject({ ok: false, skipped: false });
    expect(checkRulesWithPromtool(broken, "/nonexistent/promtool")).toMatchObject({
      ok: false,
      skipped: true,
    });
  });
});
