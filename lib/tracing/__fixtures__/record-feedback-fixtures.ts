/**
 * Records what the real SDKs send for user feedback, for the backend's replay tests. Run it
 * again after upgrading langfuse or langsmith:
 *
 *   npx tsx lib/tracing/__fixtures__/record-feedback-fixtures.ts
 *
 * Same method as record-fixtures.ts: a capturing proxy in front of the local backend saves each
 * request (credentials removed, exact body bytes) and forwards it, so the SDKs see real answers.
 */
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startLocalTraceBackend } from "../local-backend";
import { feedbackSink, type FeedbackEvent, type FeedbackTarget } from "../feedback-sink";
import { langfuseScoreTarget, langsmithFeedbackTarget } from "../feedback-targets";
import type { RecordedRequest, Recording } from "./record-fixtures";

/** Two feedback events on the fixture traces: a thumbs-down with PII in its comment, a bare thumbs-up. */
export const FEEDBACK_FIXTURE_EVENTS: FeedbackEvent[] = [
  {
    trace_id: "3f0c8f5e-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
    value: "down",
    score: 0,
    comment: "Wrong refund window. Call me on (415) 555-0142 or write to maria.garcia@example.com",
    prompt_version: "v2.1",
    known: true,
    received_at: "2025-06-02T09:16:00.000Z",
  },
  {
    trace_id: "7a1d2e3f-4b5c-4d6e-9f70-8192a3b4c5d6",
    value: "up",
    score: 1,
    prompt_version: "v1.0",
    known: false,
    received_at: "2025-06-02T09:17:00.000Z",
  },
];

const SECRET_HEADERS = new Set(["authorization", "x-api-key"]);

async function record(
  description: string,
  sdk: string,
  make: (url: string) => FeedbackTarget,
): Promise<Recording> {
  const backend = await startLocalTraceBackend({ dir: null });
  const target = new URL(backend.url);
  const requests: RecordedRequest[] = [];
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (!SECRET_HEADERS.has(k) && typeof v === "string") headers[k] = v;
      requests.push({
        method: req.method ?? "GET",
        path: req.url ?? "/",
        headers,
        body_base64: body.toString("base64"),
      });
      const forwarded = { ...req.headers, "content-length": String(body.length) };
      delete forwarded["transfer-encoding"];
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: forwarded },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.end(body);
    });
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  const sink = feedbackSink([make(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`)], {
    log: () => undefined,
  });
  for (const event of FEEDBACK_FIXTURE_EVENTS) sink.feedback(event);
  const result = await sink.shutdown!(15_000);
  if (result.code !== "SUCCESS") throw new Error(`${sdk}: ${result.error}`);
  await new Promise<void>((r) => proxy.close(() => r()));
  proxy.closeAllConnections();
  await backend.close();
  return { description, sdk, requests };
}

const here = dirname(fileURLToPath(import.meta.url));
const save = (file: string, recording: Recording) => {
  writeFileSync(join(here, file), JSON.stringify(recording, null, 1) + "\n");
  console.log(
    `${file}: ${recording.requests.length} request(s) (${recording.requests.map((r) => `${r.method} ${r.path}`).join(", ")})`,
  );
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  save(
    "langfuse-score.json",
    await record(
      "langfuse 3.x: Langfuse.score() for two feedback events -> score-create events on POST /api/public/ingestion",
      "langfuse",
      (url) =>
        langfuseScoreTarget({
          publicKey: "pk-lf-local",
          secretKey: "sk-lf-local",
          baseUrl: url,
          environment: "dev",
        }),
    ),
  );
  save(
    "langsmith-feedback.json",
    await record(
      "langsmith 0.12: Client.createFeedback(runId, key, {score, comment}) -> GET /info, then POST /feedback per feedback",
      "langsmith",
      (url) => langsmithFeedbackTarget({ apiUrl: url, apiKey: "lsv2-local" }),
    ),
  );
}
