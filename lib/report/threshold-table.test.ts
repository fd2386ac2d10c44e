import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadContract } from "../contract";
import type { Task5Output } from "../outputs/task5-output";
import { projectRoot } from "./__fixtures__/workbook-root";
import { FIXTURE_OUTPUTS } from "./__fixtures__/task-outputs";
import { band, thresholdTable } from "./threshold-table";

const contract = loadContract(join(projectRoot, "observability_contract.json"));
const base = FIXTURE_OUTPUTS.task5_metrics;
const metrics = {
  ...base.metrics,
  p95_latency_ms: 3620,
  p95_ttft_ms: 640,
  failure_rate: 4.1,
  tool_success_rate: 92.6,
  avg_cost_per_request: 0.000523,
  quality_proxy_rate: 87.4,
};
type Status = Task5Output["statuses"][string];
const all = (status: Status) =>
  Object.fromEntries(Object.keys(contract.alert_thresholds).map((k) => [k, status])) as Record<
    string,
    Status
  >;

describe("thresholdTable", () => {
  it("renders the contract's bands the way the assignment writes them", () => {
    const t = contract.alert_thresholds;
    expect([
      band(t.p95_latency_ms, "green"),
      band(t.p95_latency_ms, "yellow"),
      band(t.p95_latency_ms, "red"),
    ]).toEqual([
      `< ${t.p95_latency_ms.green.toLocaleString("en-US")} ms`,
      `> ${t.p95_latency_ms.yellow.toLocaleString("en-US")} ms`,
      `> ${t.p95_latency_ms.red.toLocaleString("en-US")} ms`,
    ]);
    expect(band(t.tool_success_rate, "green")).toBe(`> ${t.tool_success_rate.green}%`);
    expect(band(t.tool_success_rate, "red")).toBe(`< ${t.tool_success_rate.red}%`);
  });

  it("shows each metric's value and status next to the contract's bands and reasons", () => {
    const html = thresholdTable(contract, { metrics, statuses: all("yellow") });
    expect(html.match(/class="status yellow"/g)).toHaveLength(Object.keys(contract.alert_thresholds).length);
    expect(html).toContain("3,620 ms");
    expect(html).toContain("$0.000523");
    for (const t of Object.values(contract.alert_thresholds))
      expect(html).toContain(t.justification.slice(0, 30).replace(/&/g, "&amp;"));
  });

  it('shows "no data" for a null metric and "not measured" for a contract metric the run did not report', () => {
    const statuses: Record<string, Status> = { ...all("green"), tool_success_rate: "no data" };
    delete statuses.quality_proxy_rate;
    const html = thresholdTable(contract, { metrics: { ...metrics, tool_success_rate: null }, statuses });
    expect(html).toContain('<span class="status no-data">no data</span>');
    expect(html).toContain('<span class="status not-measured">not measured</span>');
  });
});
