/**
 * Records what the real SDKs put on the wire, for the backend's replay tests. Run it again
 * after upgrading langfuse, langsmith or the OTel exporter:
 *
 *   npx tsx lib/tracing/__fixtures__/record-fixtures.ts
 *
 * A capturing proxy sits in front of the local backend: it saves each request's method, path,
 * headers (credentials removed) and exact body bytes, then forwards it, so the SDKs see real
 * answers and pick their real code paths (multipart streamed, multipart gzip, batch JSON).
 */
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startLocalTraceBackend, type LangSmithServerInfo } from "../local-backend";
import type { LangfuseWriteMode } from "../langfuse-ingest";
import { createLangfuseAdapter } from "../langfuse-adapter";
import { createLangfuseOtelAdapter } from "../langfuse-otel-adapter";
import { createLangSmithAdapter } from "../langsmith-adapter";
import { createOtelAdapter } from "../otel-adapter";
import { tracingSink } from "../tracing-sink";
import type { TraceAdapter } from "../trace-adapter";
import { healthyRecord, llmFailureRecord, toolErrorRecord, unredactedRecord } from "./answer-records";
import { loadContract } from "../../contract";

const contract = loadContract();

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body_base64: string;
}

export interface Recording {
  description: string;
  sdk: string;
  requests: RecordedRequest[];
}

const SECRET_HEADERS = new Set(["authorization", "x-api-key"]);

async function record(
  description: string,
  sdk: string,
  info: LangSmithServerInfo | undefined,
  make: (url: string) => TraceAdapter,
  langfuseWriteMode?: LangfuseWriteMode,
): Promise<Recording> {
  const backend = await startLocalTraceBackend({ dir: null, langsmithInfo: info, langfuseWriteMode });
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
      // Forward with a length: the proxy already holds the whole body.
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
  const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const sink = tracingSink(make(url), { contract, log: () => undefined });
  for (const r of [healthyRecord(), toolErrorRecord(), unredactedRecord(), llmFailureRecord()])
    sink.record(r);
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
  const ls = (url: string) =>
    createLangSmithAdapter({ apiUrl: url, apiKey: "lsv2-local", project: "fixtures" });
  save(
    "langfuse-ingestion.json",
    await record(
      "langfuse 3.x (LANGFUSE_INGESTION=legacy): four AnswerRecords as one POST /api/public/ingestion batch, recorded against a legacy-mode server",
      "langfuse",
      undefined,
      (url) =>
        createLangfuseAdapter({
          publicKey: "pk-lf-local",
          secretKey: "sk-lf-local",
          baseUrl: url,
          environment: "dev",
        }),
      "legacy",
    ),
  );
  save(
    "langfuse-otel.json",
    await record(
      "@langfuse/otel 5.x LangfuseSpanProcessor: four AnswerRecords as OTLP/HTTP JSON on POST /api/public/otel/v1/traces",
      "langfuse-otel",
      undefined,
      (url) =>
        createLangfuseOtelAdapter({
          publicKey: "pk-lf-local",
          secretKey: "sk-lf-local",
          baseUrl: url,
          environment: "dev",
          release: "2025.06.1",
        }),
    ),
  );
  save(
    "langsmith-multipart-streamed.json",
    await record(
      "langsmith 0.12: /info without compression flags -> chunked multipart",
      "langsmith",
      undefined,
      ls,
    ),
  );
  save(
    "langsmith-multipart-gzip.json",
    await record(
      "langsmith 0.12: /info with gzip_body_enabled -> gzip-compressed multipart, post and patch as separate parts",
      "langsmith",
      { batch_ingest_config: { use_multipart_endpoint: true }, instance_flags: { gzip_body_enabled: true } },
      ls,
    ),
  );
  save(
    "langsmith-batch.json",
    await record(
      "langsmith 0.12: /info with use_multipart_endpoint false -> POST /runs/batch JSON",
      "langsmith",
      { batch_ingest_config: { use_multipart_endpoint: false } },
      ls,
    ),
  );
  save(
    "otlp-traces.json",
    await record("@opentelemetry/exporter-trace-otlp-http: OTLP/HTTP JSON", "otel", undefined, (url) =>
      createOtelAdapter({ url: `${url}/v1/traces`, environment: "dev", release: "2025.06.1" }),
    ),
  );
}
