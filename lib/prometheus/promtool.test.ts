/**
 * `promtool check metrics` on a real scrape: the real service on loopback, a few requests
 * through POST /ask (some failing after retries, so every series exists), then GET /metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { driveTraffic, trafficMix } from "../server/drive-traffic";
import { checkMetricsWithPromtool, hasPromtool } from "./promtool";
import { evalQueries, startDemoService, type DemoService } from "../server/demo-service";
import { loadContract } from "../contract";

const contract = loadContract();

// Skipped only off CI: .ci/setup installs the tool, so in CI a missing one fails the test.
describe.skipIf(!hasPromtool() && !process.env.CI)("promtool check metrics on a real /metrics scrape", () => {
  let service: DemoService;
  let exposition: string;

  beforeAll(async () => {
    service = await startDemoService({
      contract,
      seed: 3,
      timeScale: 0,
      faults: { rateLimit: 0.2, serverError: 0.1 },
      maxRetries: 1,
    });
    await driveTraffic(service.url, trafficMix(evalQueries(), 30), { concurrency: 6 });
    await service.settle();
    exposition = await (await fetch(`${service.url}/metrics`)).text();
  }, 60_000);

  afterAll(async () => {
    await service?.close();
  });

  it("exits 0, and the scrape has the duration and time-to-first-token histograms in seconds", () => {
    expect(exposition).toContain("# TYPE llm_request_duration_seconds histogram");
    expect(exposition).toContain("# TYPE llm_time_to_first_token_seconds histogram");
    expect(exposition).toMatch(/llm_time_to_first_token_seconds_bucket\{le="0\.8",/);
    expect(exposition).toMatch(/llm_request_duration_seconds_bucket\{le="3",/);
    expect(exposition).not.toMatch(/_ms[_{ ]/);
    const result = checkMetricsWithPromtool(exposition);
    expect(result.output).toBe("");
    expect(result).toMatchObject({ ok: true, skipped: false, status: 0 });
  });

  it("can fail: the old millisecond histogram name is rejected for its abbreviated unit", () => {
    const old = exposition.replaceAll("llm_request_duration_seconds", "llm_request_latency_ms");
    const result = checkMetricsWithPromtool(old);
    expect(result.ok).toBe(false);
    expect(result.output).toContain(
      "llm_request_latency_ms metric names should not contain abbreviated units",
    );
    expect(checkMetricsWithPromtool(exposition, "/nonexistent/promtool")).toMatchObject({
      ok: false,
      skipped: true,
    });
  });
});
