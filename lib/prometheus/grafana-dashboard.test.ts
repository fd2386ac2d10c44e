import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { alertRules } from "./alert-rules";
import {
  DASHBOARD_MATCHERS,
  grafanaDashboard,
  grafanaDashboardJson,
  GRAFANA_DASHBOARD_PATH,
  statusSteps,
} from "./grafana-dashboard";
import { evaluate, THRESHOLD_METRICS } from "../thresholds";
import { loadContract } from "../contract";

const contract = loadContract();

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource: { type: string; uid: string };
  targets: { expr: string; datasource: { uid: string } }[];
  fieldConfig: {
    defaults: { thresholds?: { steps: { color: string; value: number | null }[] }; unit?: string };
  };
}
const dashboard = JSON.parse(readFileSync(GRAFANA_DASHBOARD_PATH, "utf8")) as Record<string, any>;
const panels = dashboard.panels as Panel[];

describe("report/grafana-dashboard.json", () => {
  it("is the generated file (regenerate with writeGrafanaDashboard())", () => {
    expect(readFileSync(GRAFANA_DASHBOARD_PATH, "utf8")).toBe(grafanaDashboardJson(contract));
  });

  it("is importable into Grafana 10+: schemaVersion, a DS_PROMETHEUS input, every query on it", () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(38);
    expect(dashboard.__inputs).toEqual([
      expect.objectContaining({ name: "DS_PROMETHEUS", type: "datasource", pluginId: "prometheus" }),
    ]);
    expect(dashboard.__requires).toContainEqual(
      expect.objectContaining({ type: "grafana", id: "grafana", version: expect.stringMatching(/^1\d\./) }),
    );
    expect(dashboard.id).toBeNull();
    expect(typeof dashboard.uid).toBe("string");
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of panels) {
      expect(p.datasource.uid).toBe("${DS_PROMETHEUS}");
      expect(p.targets.length).toBeGreaterThan(0);
      for (const t of p.targets) expect(t.datasource.uid).toBe("${DS_PROMETHEUS}");
      expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
    }
  });

  it("shows the six threshold metrics as stat panels coloured like evaluate(), from the contract (latencies in seconds)", () => {
    const t = contract.alert_thresholds;
    const stats = panels.filter((p) => p.type === "stat" && p.title !== "Error budget remaining");
    expect(stats).toHaveLength(THRESHOLD_METRICS.length);
    THRESHOLD_METRICS.forEach((metric, i) => {
      expect(stats[i].fieldConfig.defaults.thresholds!.steps).toEqual(statusSteps(t[metric]));
      expect(stats[i].fieldConfig.defaults.unit).toBe(
        t[metric].unit === "ms" ? "s" : t[metric].unit === "usd" ? "currencyUSD" : "percent",
      );
      // Grafana colours a value with the last step it reaches; check that agrees with evaluate() off the boundaries.
      const steps = stats[i].fieldConfig.defaults.thresholds!.steps;
      const scale = t[metric].unit === "ms" ? 1000 : 1; // the panel shows seconds, evaluate() reads ms
      const colour = (v: number) =>
        steps.filter((s) => s.value === null || v / scale >= s.value).at(-1)!.color;
      const { green, red } = t[metric];
      const probes = [green * 0.5, (green + red) / 2, red * 1.5, green * 1.01, red * 0.99].filter(
        (v) => v !== green && v !== red,
      );
      for (const v of probes)
        expect(colour(v), `${metric} at ${v}`).toBe(
          evaluate({ [metric]: v }, contract.alert_thresholds)[metric].status,
        );
    });
  });

  it("has TTFT percentiles and the SLOs' error budget and burn-rate panels, on the recording rules", () => {
    const ttft = panels.find((p) => p.title === "Time to first token percentiles")!;
    expect(ttft.targets.map((t) => t.expr)).toEqual(
      [0.5, 0.95].map(
        (q) =>
          `histogram_quantile(${q}, sum by (le) (rate(llm_time_to_first_token_seconds_bucket{${DASHBOARD_MATCHERS}}[5m])))`,
      ),
    );
    const budget = panels.find((p) => p.title === "Error budget remaining")!;
    expect(budget.targets.map((t) => t.expr)).toEqual([
      '1 - slo:llm_error_ratio:rate30d{slo="availability"} / 0.02',
      '1 - slo:llm_error_ratio:rate30d{slo="latency"} / 0.05',
      '1 - slo:llm_error_ratio:rate30d{slo="ttft"} / 0.05',
      '1 - slo:llm_error_ratio:rate30d{slo="quality"} / 0.15',
    ]);
    const burn = panels.find((p) => p.title === "Error budget burn rate over 1h")!;
    expect(burn.fieldConfig.defaults.thresholds!.steps.map((s) => s.value)).toEqual([null, 6, 14.4]);
    // Every series a panel reads is one the rules record.
    const recorded = new Set(
      alertRules(contract).groups[1].rules.map(
        (r) => `${(r as { record: string }).record}{slo="${r.labels.slo}"}`,
      ),
    );
    for (const t of [...budget.targets, ...burn.targets])
      expect(recorded.has(t.expr.match(/slo:[a-z_:0-9]+\{slo="[a-z]+"\}/)![0]), t.expr).toBe(true);
  });

  it("has template variables for environment, tier, prompt version and model", () => {
    expect(dashboard.templating.list.map((v: { name: string }) => v.name)).toEqual([
      "environment",
      "customer_tier",
      "prompt_version",
      "model",
    ]);
  });

  // Skipped only off CI: .ci/setup installs the tool, so in CI a missing one fails the test.
  it.skipIf(spawnSync("promtool", ["--version"]).status !== 0 && !process.env.CI)(
    "every panel query is valid PromQL (promtool checks them as recording rules)",
    () => {
      const exprs = panels.flatMap((p) => p.targets.map((t) => t.expr.replace(/\$[a-z_]+/g, ".*")));
      const file = join(mkdtempSync(join(tmpdir(), "grafana-promql-")), "rules.yml");
      writeFileSync(
        file,
        stringify({
          groups: [
            { name: "dashboard", rules: exprs.map((expr, i) => ({ record: `dashboard:query_${i}`, expr })) },
          ],
        }),
      );
      const result = spawnSync("promtool", ["check", "rules", file], { encoding: "utf8" });
      expect(result.stdout + result.stderr).toContain(`SUCCESS: ${exprs.length} rules found`);
    },
  );

  it("follows thresholds passed in (the dashboard is generated, not hand-edited)", () => {
    const t = contract.alert_thresholds;
    const custom = { ...t, failure_rate: { ...t.failure_rate, green: 1, yellow: 2, red: 3 } };
    const stat = (grafanaDashboard({ ...contract, alert_thresholds: custom }).panels as Panel[]).find(
      (p) => p.title === "Failure rate",
    )!;
    expect(stat.fieldConfig.defaults.thresholds!.steps.map((s) => s.value)).toEqual([null, 1, 3]);
  });
});
