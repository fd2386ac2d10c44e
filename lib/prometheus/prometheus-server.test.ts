/**
 * The real thing: Debian's prometheus scrapes the real service while traffic flows through it,
 * and PromQL's answers are compared with MetricsCollector on the same requests' traces.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { driveTraffic, trafficMix, type TrafficResult } from "../server/drive-traffic";
import {
  findPrometheus,
  prometheusConfig,
  PrometheusNotFoundError,
  startPrometheus,
  type PrometheusServer,
} from "./prometheus-server";
import { evalQueries, startDemoService, type DemoService } from "../server/demo-service";
import {
  bucketOf,
  compareWithCollector,
  histogramQuantile,
  type ScrapeComparison,
} from "./scrape-comparison";
import { loadContract } from "../contract";

const contract = loadContract();

const hasPrometheus = (() => {
  try {
    findPrometheus();
    return true;
  } catch {
    return false;
  }
})();

describe("prometheus config and helpers", () => {
  it("generates a loopback scrape config with a 1 s interval", () => {
    const config = prometheusConfig({ targets: ["http://127.0.0.1:8123/metrics"] });
    expect(config).toContain("scrape_interval: 1s");
    expect(config).toContain("127.0.0.1:8123");
    expect(config).toContain("metrics_path: /metrics");
  });

  it("names the binary it could not find and how to install it", () => {
    expect(() => findPrometheus("/nonexistent/prometheus")).toThrow(PrometheusNotFoundError);
    expect(() => findPrometheus("/nonexistent/prometheus")).toThrow(/apt-get install -y prometheus/);
  });

  it.each([
    // Prometheus's own worked example shape: 100 observations, buckets (0,1] 50, (1,2] 30, (2,5] 10, (5,10] 10.
    [0.5, 1],
    [0.95, 7.5],
    [0.8, 2],
    [0.99, 9.5],
  ])("histogramQuantile(%d) = %d", (q, expected) => {
    expect(histogramQuantile(q, [1, 2, 5, 10, Infinity], [50, 80, 90, 100, 100])).toBeCloseTo(expected, 9);
  });

  it("histogramQuantile answers the top finite bound for the +Inf bucket and null for no data", () => {
    expect(histogramQuantile(0.99, [1, 2, Infinity], [10, 10, 100])).toBe(2);
    expect(histogramQuantile(0.5, [1, Infinity], [0, 0])).toBeNull();
    expect(bucketOf(1200)).toEqual({ lower: 1000, upper: 1500 }); // ms: the histogram's seconds, as tables print them
    expect(bucketOf(40000)).toEqual({ lower: 30000, upper: Infinity });
  });
});

// Skipped only off CI: .ci/setup installs the tool, so in CI a missing one fails the test.
describe.skipIf(!hasPrometheus && !process.env.CI)(
  "a real Prometheus scrape of the service agrees with MetricsCollector",
  () => {
    let service: DemoService;
    let prometheus: PrometheusServer;
    let traffic: TrafficResult;
    let comparison: ScrapeComparison;

    beforeAll(async () => {
      service = await startDemoService({
        contract,
        seed: 7,
        timeScale: 0.25,
        faults: { rateLimit: 0.15, serverError: 0.1 },
        maxRetries: 1,
      });
      prometheus = await startPrometheus({ targets: [`${service.url}/metrics`] });
      traffic = await driveTraffic(service.url, trafficMix(evalQueries(), 120), { concurrency: 12 });
      await service.settle();
      const recorded = service.traces().length;
      // Wait for a scrape that saw every request (counters only grow, so the last scrape wins).
      const seen = await prometheus.waitFor(
        'sum(llm_requests_total{job="support-bot"})',
        (v) => v === recorded,
        { timeoutMs: 20_000 },
      );
      expect(seen.ok, `Prometheus saw ${seen.value} of ${recorded} requests`).toBe(true);
      comparison = await compareWithCollector(prometheus, service.traces(), {
        contract,
        matchers: 'job="support-bot"',
      });
    }, 120_000);

    afterAll(async () => {
      await prometheus?.stop();
      await service?.close();
    });

    it("scraped a healthy target and every request", async () => {
      expect(traffic.statuses["error"] ?? 0).toBe(0);
      const targets = await prometheus.targets();
      expect(targets).toHaveLength(1);
      expect(targets[0].health).toBe("up");
      expect(comparison.requests).toBe(comparison.traces);
      expect(comparison.traces).toBe(120);
    });

    it("histogram_quantile's p95 is exactly what the buckets imply, and the collector's p95 lies in that bucket", () => {
      const { promql, collector, bucket, expected_promql } = comparison.p95;
      expect(promql).not.toBeNull();
      expect(promql!).toBeCloseTo(expected_promql!, 6);
      expect(bucket!.upper).toBeGreaterThan(bucket!.lower);
      expect(
        comparison.rows.find((r) => r.metric === "p95_latency_ms")!.agree,
        `collector ${collector} vs PromQL ${promql} in (${bucket!.lower}, ${bucket!.upper}]`,
      ).toBe(true);
    });

    it("time to first token: a histogram in seconds whose p95 agrees with the collector's within its bucket", () => {
      const { promql, collector, bucket, expected_promql } = comparison.ttft_p95;
      expect(comparison.collectorMetrics.ttft_measured).toBeGreaterThan(0);
      expect(promql).not.toBeNull();
      expect(promql!).toBeCloseTo(expected_promql!, 6);
      expect(
        comparison.rows.find((r) => r.metric === "p95_ttft_ms")!.agree,
        `collector ${collector} vs PromQL ${promql} in (${bucket!.lower}, ${bucket!.upper}]`,
      ).toBe(true);
    });

    it("each SLO's bad-event ratio from PromQL equals lib/slo.ts's on the same traces", () => {
      expect(comparison.slos.map((s) => s.slo)).toEqual(["availability", "latency", "ttft", "quality"]);
      for (const s of comparison.slos) {
        expect(s.traces, s.slo).not.toBeNull();
        expect(s.agree, `${s.slo}: PromQL ${s.promql} vs traces ${s.traces}`).toBe(true);
      }
      expect(comparison.slos.find((s) => s.slo === "availability")!.traces).toBeGreaterThan(0); // faults were injected
    });

    it("the failure rate and the other counter-based metrics match exactly", () => {
      const failure = comparison.rows.find((r) => r.metric === "failure_rate")!;
      expect(comparison.collectorMetrics.failures).toBeGreaterThan(0); // faults were injected, so this compares something
      expect(failure.promql).toBeCloseTo(failure.collector!, 9);
      for (const row of comparison.rows)
        expect(row.agree, `${row.metric}: PromQL ${row.promql} vs collector ${row.collector}`).toBe(true);
      expect(comparison.collectorMetrics.quality_scored).toBeGreaterThan(0);
      expect(comparison.agree).toBe(true);
    });
  },
);
