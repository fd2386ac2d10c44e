import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadContract } from "../contract";
import { projectRoot } from "./__fixtures__/workbook-root";
import { OutputFieldError } from "./errors";
import { TaskOutput } from "./task-output";
import { taskInfo } from "./tasks";
import { band, thresholdTable } from "./threshold-table";

const contract = loadContract(join(projectRoot, "observability_contract.json"));
const metrics = { p95_latency_ms: 3620, p95_ttft_ms: 640, failure_rate: 4.1, tool_success_rate: 92.6, avg_cost_per_request: 0.000523, quality_proxy_rate: 87.4 };
const output = (statuses: Record<string, unknown>, m: Record<string, unknown> = metrics) => new TaskOutput(taskInfo(5), "data/outputs/task5_metrics.json", { metrics: m, statuses }, new Date());
const paths = { metrics: "metrics", statuses: "statuses" };
const all = (status: unknown) => Object.fromEntries(Object.keys(contract.alert_thresholds).map((k) => [k, status]));

describe("thresholdTable", () => {
  it("renders the contract's bands the way the assignment writes them", () => {
    const t = contract.alert_thresholds;
    expect([band(t.p95_latency_ms, "green"), band(t.p95_latency_ms, "yellow"), band(t.p95_latency_ms, "red")]).toEqual([
      `< ${t.p95_latency_ms.green.toLocaleString("en-US")} ms`,
      `> ${t.p95_latency_ms.yellow.toLocaleString("en-US")} ms`,
      `> ${t.p95_latency_ms.red.toLocaleString("en-US")} ms`,
    ]);
    expect(band(t.tool_success_rate, "green")).toBe(`> ${t.tool_success_rate.green}%`);
    expect(band(t.tool_success_rate, "red")).toBe(`< ${t.tool_success_rate.red}%`);
  });

  it.each([
    ["plain strings", "yellow"],
    ["lib/thresholds MetricStatus objects", { metric: "x", value: 1, status: "yellow", alert: "warning" }],
  ])("accepts statuses as %s", (_name, status) => {
    const html = thresholdTable(contract, output(all(status)), paths);
    expect(html.match(/class="status yellow"/g)).toHaveLength(Object.keys(contract.alert_thresholds).length);
    expect(html).toContain("3,620 ms");
    expect(html).toContain("$0.000523");
    for (const t of Object.values(contract.alert_thresholds)) expect(html).toContain(t.justification.slice(0, 30).replace(/&/g, "&amp;"));
  });

  it('shows "no data" without needing a value', () => {
    const html = thresholdTable(contract, output({ ...all("green"), tool_success_rate: "no data" }, { ...metrics, tool_success_rate: null }), paths);
    expect(html).toContain('<span class="status no-data">no data</span>');
  });

  it.each([
    ["an unknown status", { ...all("green"), failure_rate: "amber" }, /statuses\.failure_rate" should be one of green, yellow, red, no data but is "amber"/],
    ["a missing status", (() => { const s = all("green"); delete s.quality_proxy_rate; return s; })(), /"statuses\.quality_proxy_rate" is missing/],
  ])("refuses %s", (_name, statuses, message) => {
    expect(() => thresholdTable(contract, output(statuses), paths)).toThrow(OutputFieldError);
    expect(() => thresholdTable(contract, output(statuses), paths)).toThrow(message);
  });
});
