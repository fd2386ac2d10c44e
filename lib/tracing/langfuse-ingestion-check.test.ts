import { describe, expect, it } from "vitest";
import { healthyRecord, llmFailureRecord, toolErrorRecord } from "./__fixtures__/answer-records";
import { checkLangfuseIngestion } from "./langfuse-ingestion-check";
import { loadContract } from "../contract";

const contract = loadContract();

describe("checkLangfuseIngestion: the same requests, v3 events vs v5 OTLP, against a v4 server", () => {
  it("measures every legacy event rejected per event, every span accepted, and a score accepted", async () => {
    const check = await checkLangfuseIngestion([healthyRecord(), toolErrorRecord(), llmFailureRecord()], {
      contract,
    });
    expect(check.server).toMatchObject({
      status: "OK",
      write_mode: "events_only",
      version: expect.stringMatching(/^4\./),
    });
    expect(check.legacy.http_statuses).toEqual([207]);
    expect(check.legacy.items_sent).toBeGreaterThan(10);
    expect(check.legacy).toMatchObject({ items_accepted: 0, traces_stored: 0, observations_stored: 0 });
    expect(check.legacy.rejections).toEqual([
      { status: 400, message: "Event type not accepted", count: check.legacy.items_sent },
    ]);
    expect(check.otel.http_statuses).toEqual([200]);
    expect(check.otel).toMatchObject({ items_rejected: 0, traces_stored: 3, rejections: [] });
    expect(check.otel.items_accepted).toBe(check.otel.items_sent);
    // The failed call's generation has no usage: two of three carry model and tokens.
    expect(check.otel.generations_with_usage).toBe(2);
    expect(check.score).toEqual({ http_status: 207, accepted: true, stored: 1 });
  });
});
