import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MetricsCollector } from "./collector";
import {
  describeLimit,
  evaluate,
  statusOf,
  THRESHOLD_METRICS,
  thresholdTable,
  type AlertThreshold,
  type Thresholds,
} from "./thresholds";
import { loadContract } from "./contract";
import { packagePath } from "./package-root";

const contract = loadContract();

const latency: AlertThreshold = {
  direction: "above",
  green: 3000,
  yellow: 5000,
  red: 10000,
  unit: "ms",
  justification: "j",
};
const toolSuccess: AlertThreshold = {
  direction: "below",
  green: 95,
  yellow: 90,
  red: 85,
  unit: "percent",
  justification: "j",
};

describe("statusOf", () => {
  it.each([
    // [value, threshold, status, alert]
    [2999, latency, "green", "none"],
    [3000, latency, "yellow", "none"], // green is strict: "< 3,000 ms"
    [4000, latency, "yellow", "none"], // the gap between green and yellow
    [5000, latency, "yellow", "none"],
    [5001, latency, "yellow", "warning"],
    [10000, latency, "yellow", "warning"],
    [10001, latency, "red", "critical"],
    [0, latency, "green", "none"],
    [99, toolSuccess, "green", "none"],
    [95, toolSuccess, "yellow", "none"],
    [92, toolSuccess, "yellow", "none"],
    [89.9, toolSuccess, "yellow", "warning"],
    [84.9, toolSuccess, "red", "critical"],
    [0, toolSuccess, "red", "critical"],
    [null, latency, "no data", "none"],
    [undefined, toolSuccess, "no data", "none"],
    [Number.NaN, latency, "no data", "none"],
    [Infinity, latency, "no data", "none"],
  ] as const)("%s against %o is %s (alert %s)", (value, threshold, status, alert) => {
    expect(statusOf(value as number | null | undefined, threshold)).toEqual({ status, alert });
  });
});

describe("evaluate", () => {
  it("judges by the contract's alert_thresholds, as observability_contract.json states them", () => {
    const file = JSON.parse(readFileSync(packagePath("observability_contract.json"), "utf8")) as {
      alert_thresholds: Thresholds;
    };
    expect(contract.alert_thresholds).toEqual(file.alert_thresholds);
    // The two rows the assignment fixes.
    expect(file.alert_thresholds.p95_latency_ms).toMatchObject({
      direction: "above",
      green: 3000,
      yellow: 5000,
      red: 10000,
    });
    expect(file.alert_thresholds.failure_rate).toMatchObject({
      direction: "above",
      green: 2,
      yellow: 5,
      red: 15,
    });
    for (const metric of THRESHOLD_METRICS)
      expect(file.alert_thresholds[metric].justification.length).toBeGreaterThan(20);
  });

  it("gives a status per metric from collector output", () => {
    const statuses = evaluate(
      {
        p95_latency_ms: 12000,
        p95_ttft_ms: 1000,
        failure_rate: 1,
        tool_success_rate: 92,
        avg_cost_per_request: 0.001,
        quality_proxy_rate: 50,
      },
      contract.alert_thresholds,
    );
    expect(Object.fromEntries(THRESHOLD_METRICS.map((m) => [m, statuses[m].status]))).toEqual({
      p95_latency_ms: "red",
      p95_ttft_ms: "yellow",
      failure_rate: "green",
      tool_success_rate: "yellow",
      avg_cost_per_request: "green",
      quality_proxy_rate: "red",
    });
  });

  it("turns the nulls of an empty batch into 'no data' instead of throwing", () => {
    const statuses = evaluate(new MetricsCollector().compute([]), contract.alert_thresholds);
    for (const metric of THRESHOLD_METRICS)
      expect(statuses[metric]).toMatchObject({ status: "no data", value: null, alert: "none" });
    expect(evaluate({}, contract.alert_thresholds)["failure_rate"].status).toBe("no data");
  });

  it("uses thresholds passed in instead of the contract's", () => {
    const custom = {
      ...contract.alert_thresholds,
      failure_rate: { ...contract.alert_thresholds.failure_rate, green: 0.5, yellow: 0.8, red: 1 },
    };
    expect(evaluate({ failure_rate: 0.9 }, custom).failure_rate).toMatchObject({
      status: "yellow",
      alert: "warning",
    });
  });

  it("renders table rows with readable limits and the justification", () => {
    const rows = thresholdTable(evaluate({ p95_latency_ms: 2500 }, contract.alert_thresholds));
    expect(rows[0]).toMatchObject({
      metric: "p95_latency_ms",
      value: 2500,
      status: "green",
      green: "< 3,000 ms",
      yellow: "> 5,000 ms",
      red: "> 10,000 ms",
    });
    expect(rows.map((r) => r.metric)).toEqual([...THRESHOLD_METRICS]);
    expect(describeLimit(toolSuccess, "red")).toBe("< 85%");
    expect(describeLimit({ ...latency, unit: "usd", green: 0.002 }, "green")).toBe("< $0.002");
  });
});
