import { describe, expect, it } from "vitest";
import {
  costRatioClaim,
  failureClusterClaim,
  latencyBulkClaim,
  qualityGapClaim,
  toolFailureClaim,
  twoProportionZ,
} from "./data-claims";
import { generateTraces } from "../synth";
import type { Trace } from "../schema";
import { loadContract } from "../contract";

const contract = loadContract();

const base = generateTraces({ contract, n: 1, seed: 1 })[0];
/** n traces in `environment`, `failed` of them with an error, each calling `tool` once (`toolFails` failing). */
function batch(
  environment: Trace["environment"],
  n: number,
  failed: number,
  tool = "order_lookup",
  toolFails = 0,
): Trace[] {
  return Array.from({ length: n }, (_, i) => ({
    ...base,
    trace_id: `${environment}-${tool}-${i}`,
    environment,
    error: i < failed ? "rate_limit" : undefined,
    tool_calls: [{ tool_name: tool, input: {}, output: null, latency_ms: 10, success: i >= toolFails }],
  })) as Trace[];
}

describe("twoProportionZ", () => {
  it("is 0 for empty sides or no variance, and signed by which side is higher", () => {
    expect(twoProportionZ(0, 0, 1, 10)).toBe(0);
    expect(twoProportionZ(0, 10, 0, 10)).toBe(0);
    expect(twoProportionZ(30, 100, 10, 100)).toBeGreaterThan(3);
    expect(twoProportionZ(10, 100, 30, 100)).toBeLessThan(-3);
  });
});

describe("failureClusterClaim", () => {
  it("names the cluster when one slice fails far more than the rest", () => {
    const claim = failureClusterClaim(
      [...batch("dev", 200, 40), ...batch("staging", 200, 4), ...batch("production", 200, 6)],
      "environment",
    );
    expect(claim.cluster).toBe("dev");
    expect(claim.sentence).toMatch(
      /^Failures cluster in environment `dev`: 20\.0% \(40 of 200\) against 2\.5% for the rest\.$/,
    );
  });

  it("says there is no clear cluster when the spread is within chance (the issue's 3.77 / 3.96 / 2.36%)", () => {
    const claim = failureClusterClaim(
      [...batch("dev", 345, 13), ...batch("production", 353, 14), ...batch("staging", 297, 7)],
      "environment",
    );
    expect(claim.cluster).toBeNull();
    expect(claim.sentence).toMatch(
      /no clear cluster by environment: the highest rate, 4\.0% in `production` \(14 of 353\), is within chance of the rest's 3\.1%; the lowest is 2\.4% in `staging`\.$/,
    );
  });

  it("has nothing to compare with one slice", () => {
    expect(failureClusterClaim(batch("dev", 10, 1), "environment").sentence).toMatch(/Only one environment/);
  });
});

describe("toolFailureClaim", () => {
  it("separates the tool with the lowest success rate from the one with most failures", () => {
    // the issue's case: shipping_tracker lowest rate on few calls, refund_status most failures on many
    const traces = [
      ...batch("dev", 120, 0, "shipping_tracker", 13),
      ...batch("dev", 500, 0, "refund_status", 51),
      ...batch("dev", 300, 0, "account_lookup", 24),
    ];
    const claim = toolFailureClaim(traces);
    expect(claim.worst).toBe("shipping_tracker");
    expect(claim.most_failures).toBe("refund_status");
    expect(claim.stands_out).toBe(false);
    expect(claim.sentence).toMatch(
      /^No tool stands out: the lowest success rate, `shipping_tracker`'s 89\.2% over 120 calls, is within chance of the other tools' 90\.6%; the highest is `account_lookup`'s 92\.0%\./,
    );
    expect(claim.sentence).toMatch(
      /`refund_status` carries the largest share of the 88 tool failures \(58\.0%, over 500 calls\)/,
    );
  });

  it("says a tool fails most only when it really does", () => {
    const claim = toolFailureClaim([
      ...batch("dev", 200, 0, "flaky", 60),
      ...batch("dev", 200, 0, "solid", 4),
    ]);
    expect(claim.stands_out).toBe(true);
    expect(claim.sentence).toMatch(
      /^`flaky` fails most: 70\.0% success over 200 calls, against 98\.0% for the other tools together\./,
    );
  });

  it("handles no tool calls", () => {
    expect(toolFailureClaim([]).sentence).toBe("No tool calls in this batch.");
  });
});

describe("costRatioClaim and qualityGapClaim on the seeded batch", () => {
  const traces = generateTraces({ contract, n: 1000, seed: 42 });

  it("states the ratio it computed, and 'order of magnitude' only at 10x or more", () => {
    const claim = costRatioClaim(traces);
    expect(claim.ratio).toBeGreaterThan(1);
    const expected =
      claim.models[0].avg_cost_per_request / claim.models[claim.models.length - 1].avg_cost_per_request;
    expect(claim.sentence).toContain(`${expected.toFixed(1)}×`);
    expect(claim.sentence).toContain(
      expected >= 10 ? "more than an order of magnitude" : "short of an order of magnitude",
    );
    expect(costRatioClaim(traces.filter((t) => t.model_name === traces[0].model_name)).ratio).toBeNull();
  });

  it("orders prompt versions by pass rate", () => {
    const claim = qualityGapClaim(traces);
    const rates = claim.versions.map((v) => v.pass_rate);
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
    expect(claim.sentence).toContain(`\`${claim.worst}\``);
  });

  it("latencyBulkClaim quotes the quartiles and p95", () => {
    const claim = latencyBulkClaim(traces);
    expect(claim.p25_ms! <= claim.p75_ms! && claim.p75_ms! <= claim.p95_ms!).toBe(true);
    expect(claim.sentence).toMatch(
      /^Half of the 1000 requests took between \d\.\d\d s and \d\.\d\d s; p95 is \d+\.\d\d s/,
    );
    expect(latencyBulkClaim([]).sentence).toBe("No latencies in this batch.");
  });
});
