/**
 * Redaction at the SDK edge: the hooks installed in the SDKs scrub on their own (raw values
 * handed straight to the SDK arrive redacted), they are idempotent, and the adapters scrub a
 * record that skipped upstream redaction before any byte leaves.
 */
import { Langfuse } from "langfuse";
import { Client, RunTree } from "langsmith";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RAW_PII, unredactedRecord } from "./__fixtures__/answer-records";
import { LangfuseSpanProcessor } from "@langfuse/otel";
import { createObservationAttributes, createTraceAttributes } from "@langfuse/tracing";
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { createLangfuseAdapter } from "./langfuse-adapter";
import { createLangfuseOtelAdapter } from "./langfuse-otel-adapter";
import { createLangSmithAdapter } from "./langsmith-adapter";
import { startLocalTraceBackend, type LocalTraceBackend } from "./local-backend";
import { createOtelAdapter } from "./otel-adapter";
import { findLeaks } from "./pii-probe";
import { exportUserId, langfuseMask, langsmithAnonymizer, redactForExport } from "./redaction-hooks";
import { tracingSink } from "./tracing-sink";
import { loadContract } from "../contract";

const contract = loadContract();

const raw = Object.values(RAW_PII);
const quiet = { log: () => undefined };
const dirty = {
  query: `mail ${RAW_PII.email}, ssn ${RAW_PII.ssn}`,
  nested: [{ phone: RAW_PII.phone, key: RAW_PII.openaiKey }],
  user_id: RAW_PII.userId,
};

describe("redaction hooks", () => {
  it.each([
    ["redactForExport", (v: unknown) => redactForExport(v)],
    ["langfuseMask", (v: unknown) => langfuseMask()({ data: v })],
    ["langsmithAnonymizer", (v: unknown) => langsmithAnonymizer()(v as Record<string, unknown>)],
  ])("%s scrubs at any depth and is idempotent", (_name, hook) => {
    const once = hook(dirty);
    expect(findLeaks(JSON.stringify(once), raw)).toEqual([]);
    expect(hook(once)).toEqual(once);
  });

  it.each([
    [undefined, undefined],
    ["", undefined],
    ["uid_0123456789abcdef0123456789abcdef", "uid_0123456789abcdef0123456789abcdef"],
  ])("exportUserId(%j) is %j", (input, expected) => {
    expect(exportUserId(input)).toBe(expected);
  });

  it("exportUserId hashes a raw id, keyed", () => {
    const a = exportUserId(RAW_PII.userId, { hashKey: "k1" });
    expect(a).toMatch(/^uid_[0-9a-f]{32}$/);
    expect(exportUserId(RAW_PII.userId, { hashKey: "k2" })).not.toBe(a);
  });
});

describe("langfuseMask on serialized attributes (the v5 span processor's shape)", () => {
  it("parses a JSON string, hashes user ids and scrubs text inside it, and serializes it again", () => {
    const masked = langfuseMask()({
      data: JSON.stringify({ user_id: RAW_PII.userId, note: `mail ${RAW_PII.email}` }),
    });
    expect(typeof masked).toBe("string");
    const parsed = JSON.parse(masked as string) as { user_id: string; note: string };
    expect(parsed.user_id).toMatch(/^uid_[0-9a-f]{32}$/);
    expect(parsed.note).toBe("mail [REDACTED_EMAIL]");
  });
  it("scrubs text that only looks like JSON as text", () => {
    expect(langfuseMask()({ data: `{not json ${RAW_PII.email}` })).toBe("{not json [REDACTED_EMAIL]");
  });
});

describe("SDK hooks on their own", () => {
  let backend: LocalTraceBackend;
  beforeAll(async () => {
    // Legacy mode: the v3 SDK's trace events are what the mask test inspects.
    backend = await startLocalTraceBackend({ dir: null, langfuseWriteMode: "legacy" });
  });
  afterAll(async () => backend.close());

  it("Langfuse `mask` scrubs raw input and output passed straight to the SDK", async () => {
    const client = new Langfuse({
      publicKey: "pk-lf-t",
      secretKey: "sk-lf-t",
      baseUrl: backend.url,
      mask: langfuseMask(),
    });
    client
      .trace({ name: "raw", input: dirty, output: `call ${RAW_PII.phone}` })
      .span({ name: "s", input: dirty });
    await client.shutdownAsync();
    const received = backend.store.receivedText();
    expect(received).toContain("[REDACTED_EMAIL]");
    expect(findLeaks(received, raw)).toEqual([]);
  });

  it("the Langfuse v5 span processor's `mask` scrubs raw input, output and metadata set straight on a span", async () => {
    const before = backend.store.requests.length;
    const processor = new LangfuseSpanProcessor({
      publicKey: "pk-lf-t",
      secretKey: "sk-lf-t",
      baseUrl: backend.url,
      mask: langfuseMask(),
      mediaUploadEnabled: false,
    });
    const provider = new BasicTracerProvider({ spanProcessors: [processor] });
    const span = provider.getTracer("langfuse-sdk").startSpan("raw", {
      attributes: {
        ...createTraceAttributes({ input: dirty }),
        ...createObservationAttributes("span", { input: dirty, output: `call ${RAW_PII.phone}` }),
      },
    });
    span.end();
    await provider.shutdown();
    const received = backend.store.requests
      .slice(before)
      .map((r) => r.body)
      .join("\n");
    expect(backend.store.requests.slice(before).map((r) => `${r.path} ${r.status}`)).toEqual([
      "/api/public/otel/v1/traces 200",
    ]);
    expect(received).toContain("[REDACTED_EMAIL]");
    expect(findLeaks(received, raw)).toEqual([]);
  });

  it("LangSmith hideInputs / hideOutputs / hideMetadata / anonymizer scrub raw runs passed straight to the SDK", async () => {
    const hook = langsmithAnonymizer();
    const client = new Client({
      apiUrl: backend.url,
      apiKey: "lsv2-t",
      hideInputs: hook,
      hideOutputs: hook,
      hideMetadata: hook,
      anonymizer: hook,
    });
    const run = new RunTree({
      name: "raw",
      run_type: "chain",
      client,
      project_name: "t",
      tracingEnabled: true,
      inputs: dirty,
      extra: { metadata: { email: RAW_PII.email } },
    });
    await run.postRun();
    await run.end({ answer: `ssn ${RAW_PII.ssn}` }, `failed for ${RAW_PII.email}`);
    await run.patchRun();
    await client.awaitPendingTraceBatches();
    const received = backend.store.receivedText();
    expect(received).toContain("[REDACTED_SSN]");
    expect(findLeaks(received, raw)).toEqual([]);
  });
});

describe("adapters scrub a record that skipped upstream redaction", () => {
  it.each([
    [
      "langfuse",
      (url: string) =>
        createLangfuseOtelAdapter({ publicKey: "pk-lf-t", secretKey: "sk-lf-t", baseUrl: url, ...quiet }),
    ],
    [
      "langfuse (legacy ingestion)",
      (url: string) =>
        createLangfuseAdapter({ publicKey: "pk-lf-t", secretKey: "sk-lf-t", baseUrl: url, ...quiet }),
    ],
    [
      "langsmith",
      (url: string) => createLangSmithAdapter({ apiUrl: url, apiKey: "lsv2-t", project: "t", ...quiet }),
    ],
    ["otel", (url: string) => createOtelAdapter({ url: `${url}/v1/traces`, ...quiet })],
  ])("%s sends no raw value", async (name, make) => {
    const backend = await startLocalTraceBackend({
      dir: null,
      langfuseWriteMode: name.includes("legacy") ? "legacy" : "events_only",
    });
    try {
      const sink = tracingSink(make(backend.url), { ...quiet, contract });
      sink.record(unredactedRecord());
      expect(await sink.shutdown!(10_000)).toEqual({ code: "SUCCESS" });
      const received = backend.store.receivedText();
      expect(received).toContain("[REDACTED_");
      expect(findLeaks(received, raw)).toEqual([]);
    } finally {
      await backend.close();
    }
  });
});
