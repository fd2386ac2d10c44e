/**
 * The local backend against the recorded feedback traffic (`__fixtures__/langfuse-score.json`,
 * `langsmith-feedback.json`, made by record-feedback-fixtures.ts): it must accept exactly those
 * bytes and store each feedback on its trace / run; and it must reject what LangSmith rejects.
 */
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startLocalTraceBackend, type LocalTraceBackend } from "./local-backend";
import { FEEDBACK_FIXTURE_EVENTS } from "./__fixtures__/record-feedback-fixtures";
import type { Recording } from "./__fixtures__/record-fixtures";
import { decodeLangSmithFeedback } from "./langsmith-feedback-ingest";

const fixture = (name: string): Recording =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8"));
const AUTH = {
  langfuse: `Basic ${Buffer.from("pk-lf-test:sk-lf-test").toString("base64")}`,
  langsmith: "lsv2-test",
};

async function replay(backend: LocalTraceBackend, recording: Recording) {
  const answers: { status: number; body: unknown }[] = [];
  for (const r of recording.requests) {
    const headers: Record<string, string> = { ...r.headers };
    delete headers.host;
    delete headers["content-length"];
    if (r.path.startsWith("/api/public")) headers.authorization = AUTH.langfuse;
    else headers["x-api-key"] = AUTH.langsmith;
    const res = await fetch(backend.url + r.path, {
      method: r.method,
      headers,
      body: r.method === "GET" ? undefined : Buffer.from(r.body_base64, "base64"),
    });
    answers.push({ status: res.status, body: await res.json() });
  }
  return answers;
}

describe("local trace backend: recorded feedback traffic", () => {
  let backend: LocalTraceBackend;
  beforeEach(async () => {
    backend = await startLocalTraceBackend({ dir: null });
  });
  afterEach(async () => backend.close());

  it("stores the langfuse SDK's score-create events as scores on their traces (207, no errors)", async () => {
    const [answer] = await replay(backend, fixture("langfuse-score.json"));
    expect(answer.status).toBe(207);
    expect((answer.body as { errors: unknown[] }).errors).toEqual([]);
    for (const event of FEEDBACK_FIXTURE_EVENTS) {
      expect(backend.store.langfuseTrace(event.trace_id)?.scores).toEqual([
        expect.objectContaining({ name: "user_feedback", value: event.score, dataType: "BOOLEAN" }),
      ]);
    }
    expect(backend.store.summary()).toMatchObject({ langfuse_scores: 2, langfuse_traces: 0 });
  });

  it("answers the langsmith SDK's GET /info and POST /feedback with 200 and keeps each feedback on its run", async () => {
    const answers = await replay(backend, fixture("langsmith-feedback.json"));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[1].body).toMatchObject({
      key: "user_thumbs",
      run_id: FEEDBACK_FIXTURE_EVENTS[0].trace_id,
      created_at: expect.any(String),
    });
    for (const event of FEEDBACK_FIXTURE_EVENTS) {
      expect(backend.store.langsmithFeedback(event.trace_id)).toEqual([
        expect.objectContaining({ key: "user_thumbs", score: event.score }),
      ]);
    }
    // Feedback is not a run: the run views stay as they were.
    expect(backend.store.langsmithRuns()).toEqual([]);
    expect(backend.store.summary()).toMatchObject({
      langsmith_feedback: 2,
      langsmith_runs: 0,
      langsmith_operations: 0,
    });
  });

  it("carries only the redacted comment in the recordings", () => {
    const text = ["langfuse-score.json", "langsmith-feedback.json"]
      .map((f) =>
        fixture(f)
          .requests.map((r) => Buffer.from(r.body_base64, "base64").toString("utf8"))
          .join("\n"),
      )
      .join("\n");
    expect(text).toContain("[REDACTED_PHONE]");
    expect(text).not.toContain("maria.garcia@example.com");
    expect(text).not.toContain("555-0142");
  });

  it("rejects POST /feedback without an API key (401)", async () => {
    const res = await fetch(`${backend.url}/feedback`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ run_id: FEEDBACK_FIXTURE_EVENTS[0].trace_id, key: "user_thumbs", score: 1 }),
    });
    expect(res.status).toBe(401);
  });

  it.each([
    [{ run_id: "3f0c8f5e-1a2b-4c3d-8e9f-0a1b2c3d4e5f", score: 1 }, "key: expected a non-empty string"],
    [{ run_id: "not-a-uuid", key: "user_thumbs" }, "run_id: expected a UUID"],
    [{ key: "user_thumbs", score: 1 }, "run_id: one of run_id or session_id is required"],
    [
      { run_id: "3f0c8f5e-1a2b-4c3d-8e9f-0a1b2c3d4e5f", key: "user_thumbs", score: "1" },
      "score: expected a number or a boolean",
    ],
    [
      { run_id: "3f0c8f5e-1a2b-4c3d-8e9f-0a1b2c3d4e5f", key: "user_thumbs", comment: 5 },
      "comment: expected a string",
    ],
    [
      {
        run_id: "3f0c8f5e-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
        key: "user_thumbs",
        feedback_source: { type: "human" },
      },
      "feedback_source.type: expected one of",
    ],
    [[1, 2], "body: expected a feedback object"],
  ])("rejects %j with 400 naming the field", async (body, error) => {
    expect(decodeLangSmithFeedback(body)).toMatchObject({ ok: false, error: expect.stringContaining(error) });
    const res = await fetch(`${backend.url}/feedback`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": AUTH.langsmith },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain(error.split(":")[0]);
  });
});
