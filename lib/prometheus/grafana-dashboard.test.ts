import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { grafanaDashboard, grafanaDashboardJson, GRAFANA_DASHBOARD_PATH, statusSteps } from "./grafana-dashboard";
import { evaluate, loadThresholds, THRESHOLD_METRICS } from "../thresholds";

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource: { type: string; uid: string };
  targets: { expr: string; datasource: { uid: string } }[];
  fieldConfig: { defaults: { thresholds?: { steps: { color: string; value: number | null }[] }; unit?: string } };
}
const dashboard = JSON.parse(readFileSync(GRAFANA_DASHBOARD_PATH, "utf8")) as Record<string, any>;
const panels = dashboard.panels as Panel[];

describe("report/grafana-dashboard.json", () => {
  it("is the generated file (regenerate with writeGrafanaDashboard())", () => {
    expect(readFileSync(GRAFANA_DASHBOARD_PATH, "utf8")).toBe(grafanaDashboardJson());
  });

  it("is importable into Grafana 10+: schemaVersion, a DS_PROMETHEUS input, every query on it", () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(38);
    expect(dashboard.__inputs).toEqual([expect.objectContaining({ name: "DS_PROMETHEUS", type: "datasource", pluginId: "prometheus" })]);
    expect(dashboard.__requires).toContainEqual(expect.objectContaining({ type: "grafana", id: "grafana", version: expect.stringMatching(/^1\d\./) }));
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

  it("shows the five metrics as stat panels coloured like evaluate(), from the contract", () => {
    const t = loadThresholds();
    const stats = panels.filter((p) => p.type === "stat");
    expect(stats).toHaveLength(5);
    THRESHOLD_METRICS.forEach((metric, i) => {
      expect(stats[i].fieldConfig.defaults.thresholds!.steps).toEqual(statusSteps(t[metric]));
      // Grafana colours a value with the last step it reaches; check that agrees with evaluate() off the boundaries.
      const steps = stats[i].fieldConfig.defaults.thresholds!.steps;
      const colour = (v: number) => steps.filter((s) => s.value === null || v >= s.value).at(-1)!.color;
      const { green, red } = t[metric];
      const probes = [green * 0.5, (green + red) / 2, red * 1.5, green * 1.01, red * 0.99].filter((v) => v !== green && v !== red);
      for (const v of probes) expect(colour(v), `${metric} at ${v}`).toBe(evaluate({ [metric]: v })[metric].status);
    });
  });

  it("has template variables for environment, tier, prompt version and model", () => {
    expect(dashboard.templating.list.map((v: { name: string }) => v.name)).toEqual(["environment", "customer_tier", "prompt_version", "model"]);
  });

  // Skipped only off CI: .ci/setup installs the tool, so in CI a missing one fails the test.
  it.skipIf(spawnSync("promtool", ["--version"]).status !== 0 && !process.env.CI)("every panel query is valid PromQL (promtool checks them as recording rules)", () => {
    const exprs = panels.flatMap((p) => p.targets.map((t) => t.expr.replace(/\$[a-z_]+/g, ".*")));
    const file = join(mkdtempSync(join(tmpdir(), "grafana-promql-")), "rules.yml");
    writeFileSync(file, stringify({ groups: [{ name: "dashboard", rules: exprs.map((expr, i) => ({ record: `dashboard:query_${i}`, expr })) }] }));
    const result = spawnSync("promtool", ["check", "rules", file], { encoding: "utf8" });
    expect(result.stdout + result.stderr).toContain(`SUCCESS: ${exprs.length} rules found`);
  });

  it("follows thresholds passed in (the dashboard is generated, not hand-edited)", () => {
    const t = loadThresholds();
    const custom = { ...t, failure_rate: { ...t.failure_rate, green: 1, yellow: 2, red: 3 } };
    const stat = (grafanaDashboard(custom).panels as Panel[]).find((p) => p.title === "Failure rate")!;
    expect(stat.fieldConfig.defaults.thresholds!.steps.map((s) => s.value)).toEqual([null, 1, 3]);
  });
});
