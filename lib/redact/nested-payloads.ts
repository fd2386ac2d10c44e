/**
 * Nested trace payloads for the redaction corpus: trace-shaped objects (ids, timestamps, enums,
 * numbers) with secrets and personal data planted at every depth: the query, a retrieved
 * document, tool inputs and outputs, headers, arrays, and object keys. Each payload lists what
 * must vanish (`fragments`) and the structural fields that must come back unchanged.
 */
import { FORMATS, corpusTools } from "./redaction-corpus";

export interface NestedCase {
  payload: Record<string, unknown>;
  /** Planted values: each must be gone from the redacted payload. */
  secrets: { format: string; value: string }[];
}

type Tools = ReturnType<typeof corpusTools>;

/** Where a value is planted: each returns the payload with the value in place. */
const PLACES: ((p: Record<string, any>, v: string, t: Tools) => void)[] = [
  (p, v) => (p.input_text = `${p.input_text} ${v}`),
  (p, v) =>
    p.retrieved_docs.push({
      content: `Example config:\n${v}\n`,
      relevance_score: 0.5,
      source: "kb/setup.md",
    }),
  (p, v) => (p.tool_calls[0].input = { query: { filters: [{ field: "contact", value: v }] } }),
  (p, v) => (p.tool_calls[0].output = { rows: [[p.trace_id, v]], meta: { count: 1 } }),
  (p, v) => (p.metadata.headers = { "x-debug": `note ${v}` }),
  (p, v) => (p.output_text = `We noted ${v} on file.`),
  (p, v) => (p.spans[1].attributes["tool.result"] = JSON.stringify({ result: v })),
  (p, v) => (p.metadata.notes = [[`first`, [`deep ${v}`]]]),
];

export function nestedPayloads(n = 300, seed = 14): NestedCase[] {
  const t = corpusTools(seed);
  const cases: NestedCase[] = [];
  for (let i = 0; i < n; i++) {
    const traceId = t.uuid();
    const start = t.f.date.between({ from: "2024-01-01", to: "2027-01-01" });
    const payload: Record<string, any> = {
      trace_id: traceId,
      timestamp: start.toISOString(),
      environment: ["dev", "staging", "production"][i % 3],
      customer_tier: ["free", "pro", "enterprise"][i % 3],
      prompt_version: `v${1 + (i % 4)}.${i % 10}`,
      model_name: "gpt-4o-mini-2024-07-18",
      input_text: t.f.lorem.sentence(),
      output_text: t.f.lorem.sentence(),
      retrieved_docs: [{ content: t.f.lorem.paragraph(), relevance_score: 0.8, source: "kb/faq.md" }],
      tool_calls: [
        {
          tool_name: "account_lookup",
          input: {},
          output: {},
          latency_ms: t.f.number.int(900),
          success: true,
        },
      ],
      total_tokens: t.f.number.int(4000),
      latency_ms: t.f.number.float({ min: 50, max: 5000, fractionDigits: 1 }),
      tags: [`env:${["dev", "staging", "production"][i % 3]}`],
      metadata: { request_id: t.uuid(), idempotency_key: t.uuid(), cache_key: t.hex(32) },
      spans: [0, 1, 2].map((k) => ({
        span_id: k === 1 ? t.card("4", 16) : t.hex(16), // an all-digit span id with a valid card checksum
        parent_span_id: k === 0 ? null : t.hex(16),
        run_id: t.uuid(),
        start_time: new Date(start.getTime() + k * 10).toISOString(),
        attributes: { "gen_ai.usage.input_tokens": t.f.number.int(900) },
      })),
    };
    const secrets: NestedCase["secrets"] = [];
    const count = 2 + (i % 3);
    for (let k = 0; k < count; k++) {
      const [format, make] = FORMATS[(i * 7 + k * 11) % FORMATS.length];
      const { value, text } = make(t, i + k);
      PLACES[(i + k * 3) % PLACES.length](payload, text ?? value, t);
      secrets.push({ format, value });
    }
    // An email used as an object key: keys are redacted too.
    if (i % 5 === 0) {
      const email = t.f.internet.email().toLowerCase();
      payload.metadata[email] = "vip";
      secrets.push({ format: "email_as_key", value: email });
    }
    cases.push({ payload, secrets });
  }
  return cases;
}

/** The structural fields of a nested payload, as a string: redaction must leave it identical. */
export function structuralFingerprint(payload: Record<string, any>): string {
  return JSON.stringify([
    payload.trace_id,
    payload.timestamp,
    payload.environment,
    payload.customer_tier,
    payload.total_tokens,
    payload.latency_ms,
    payload.metadata?.request_id,
    payload.metadata?.idempotency_key,
    payload.metadata?.cache_key,
    (payload.spans ?? []).map((s: any) => [s.span_id, s.parent_span_id, s.run_id, s.start_time]),
  ]);
}
