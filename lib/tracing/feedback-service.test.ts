/**
 * Feedback end to end through the real service on a socket, with no keys: the trace sinks and
 * the feedback sink go to the embedded local backend, through the real langfuse and langsmith
 * SDKs. Each `/feedback` must arrive as one Langfuse score on the right trace id and one
 * LangSmith feedback on the right run, and no raw PII planted in queries or comments may arrive.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../config";
import { postFeedback } from "../server/post-feedback";
import { flushSinks } from "../server/sink-dispatch";
import { startServer, type RunningServer } from "../server/start";
import { createTracingSinks, type TracingSetup } from "./create-tracing-sinks";
import { LANGFUSE_FEEDBACK_SCORE, LANGSMITH_FEEDBACK_KEY } from "./feedback-sink";
import { langfuseTraceIdFor } from "./create-feedback-sink";
import { feedbackRows } from "./feedback-view";
import { findLeaks, piiProbeRequests } from "./pii-probe";
import { loadContract } from "../contract";

const contract = loadContract();

const N = 12;
const post = async (server: RunningServer, path: string, body: unknown) => {
  const res = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe("POST /feedback through the service to the hubs", { timeout: 60_000 }, () => {
  const config = readConfig({});
  let setup: TracingSetup;
  let server: RunningServer;
  const probes = piiProbeRequests(N, 7);
  // Comments carry other people's emails, phones, SSNs and keys than the queries do.
  const commentPii = piiProbeRequests(N, 8);
  const comments = commentPii.map((p) => `Wrong answer. ${p.query}`);
  const traceIds: string[] = [];
  const values: ("up" | "down")[] = [];
  const unknownId = "0badc0de-0000-4000-8000-000000000001";
  const responses: Record<string, unknown>[] = [];

  beforeAll(async () => {
    setup = await createTracingSinks(config, { contract, backend: { dir: null }, log: () => undefined });
    server = await startServer({ contract, port: 0, sinks: [...setup.sinks, setup.feedback], timeScale: 0 });
    for (const p of probes) {
      const answer = await post(server, "/ask", {
        query: p.query,
        user_id: p.user_id,
        customer_tier: p.customer_tier,
      });
      traceIds.push(String(answer.body.trace_id));
    }
    for (let i = 0; i < N; i++) {
      values.push(i % 3 === 0 ? "up" : "down");
      const fb = await post(server, "/feedback", {
        trace_id: traceIds[i],
        value: values[i],
        comment: comments[i],
      });
      expect(fb.status).toBe(202);
      responses.push(fb.body);
    }
    const stranger = await postFeedback(server.url, {
      trace_id: unknownId,
      value: "down",
      comment: comments[0],
    });
    expect(stranger.status).toBe(202);
    responses.push(stranger.json!);
    await server.app.settle();
    const flushed = await flushSinks([...setup.sinks, setup.feedback], { timeoutMs: 15_000 });
    expect(flushed.map((f) => `${f.sink}: ${f.result.code}`)).toEqual([
      "langfuse: SUCCESS",
      "langsmith: SUCCESS",
      "otel: SUCCESS",
      "feedback: SUCCESS",
    ]);
  });
  afterAll(async () => {
    await server?.close({ shutdownSinks: true, flushTimeoutMs: 10_000 });
  });

  it("answers known: true for the service's own traces and known: false for a stranger's id", () => {
    expect(responses.slice(0, N).every((r) => r.known === true && typeof r.prompt_version === "string")).toBe(
      true,
    );
    expect(responses[N]).toMatchObject({
      trace_id: unknownId,
      known: false,
      queued_for: ["langfuse", "langsmith"],
    });
  });

  it("turns each /feedback into one Langfuse BOOLEAN score on that trace id", () => {
    const store = setup.backend!.store;
    for (let i = 0; i < N; i++) {
      const langfuseId = langfuseTraceIdFor(config, traceIds[i]);
      const trace = store.langfuseTrace(langfuseId);
      expect(trace?.trace, `trace ${langfuseId} reached Langfuse`).toBeDefined();
      expect(trace!.scores).toEqual([
        expect.objectContaining({
          traceId: langfuseId,
          name: LANGFUSE_FEEDBACK_SCORE,
          dataType: "BOOLEAN",
          value: values[i] === "up" ? 1 : 0,
        }),
      ]);
      expect(trace!.scores[0].comment).toMatch(/\[REDACTED_EMAIL\]/);
    }
    // The stranger's score is kept too: Langfuse accepts scores for traces it has not seen (yet).
    expect(store.langfuseTrace(langfuseTraceIdFor(config, unknownId))?.scores).toHaveLength(1);
    expect(store.summary()).toMatchObject({ langfuse_scores: N + 1, langsmith_feedback: N + 1 });
  });

  it("turns each /feedback into one LangSmith feedback on the run for that trace", () => {
    const store = setup.backend!.store;
    const runs = store.langsmithRuns();
    for (let i = 0; i < N; i++) {
      const feedback = store.langsmithFeedback(traceIds[i]);
      expect(feedback).toEqual([
        expect.objectContaining({
          run_id: traceIds[i],
          key: LANGSMITH_FEEDBACK_KEY,
          score: values[i] === "up" ? 1 : 0,
        }),
      ]);
      // The root run is the trace: its id once the root run id is the trace_id, else via its metadata.
      const root =
        runs.find((r) => r.id === traceIds[i]) ??
        runs.find(
          (r) =>
            !r.parent_run_id &&
            (r.extra as { metadata?: { trace_id?: string } })?.metadata?.trace_id === traceIds[i],
        );
      expect(root, `a LangSmith root run for ${traceIds[i]}`).toBeDefined();
    }
  });

  it("joins feedback to its trace in feedbackRows, as the backend received both", () => {
    const rows = feedbackRows(setup.backend!.store, [traceIds[0], traceIds[1], unknownId]);
    expect(rows[0]).toMatchObject({
      trace_id: traceIds[0],
      trace: expect.stringMatching(/^support-bot\.ask\.v\d+$/),
      langfuse_score: "1 (BOOLEAN)",
      langsmith_feedback: "user_thumbs=1",
    });
    expect(rows[1]).toMatchObject({
      langfuse_score: "0 (BOOLEAN)",
      langsmith_feedback: "user_thumbs=0",
      comment: expect.stringContaining("[REDACTED_"),
    });
    expect(rows[2]).toMatchObject({ trace: "(no trace received)", langfuse_score: "0 (BOOLEAN)" });
  });

  it("lets 0 raw values reach the backend: queries, user ids and comments", () => {
    const raw = [...probes.flatMap((p) => p.raw), ...commentPii.flatMap((p) => p.raw)];
    expect(raw.length).toBe(N * 10);
    expect(findLeaks(setup.backend!.store.receivedText(), raw)).toEqual([]);
  });

  it("would have seen a leak: the planted values are in the comments that were sent", () => {
    const planted = commentPii.flatMap((p) => p.raw.filter((v) => p.query.includes(v)));
    expect(planted.length).toBeGreaterThanOrEqual(N * 3);
    expect(findLeaks(comments.join("\n"), planted)).toEqual(planted);
  });
});
