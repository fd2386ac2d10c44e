/**
 * Recall and false positives on the project's own corpus (redaction-corpus.ts), identifiers
 * left intact, and one table of positives and traps for every rule added for issue 12.
 */
import { describe, expect, it } from "vitest";
import { hashUserId, redactApiKeys, redactPii, stripPii } from "../redact";
import { redactionCorpus, scoreOutputs } from "./score-redactor";
import { structuralFingerprint } from "./nested-payloads";
import { identifierObjects } from "./identifier-objects";
import { corpusTools } from "./redaction-corpus";

const corpus = redactionCorpus();
const score = scoreOutputs(corpus, {
  positives: corpus.positives.map((c) => redactPii(c.text)),
  traps: corpus.traps.map((c) => redactPii(c.text)),
  nested: corpus.nested.map((c) => JSON.stringify(stripPii(c.payload))),
});

describe("the corpus", () => {
  it("has 27 formats × 60 positives, 600+ traps and 300 nested payloads", () => {
    expect(score.byFormat).toHaveLength(27);
    expect(score.byFormat.every((r) => r.total === 60)).toBe(true);
    expect(corpus.traps.length).toBeGreaterThanOrEqual(600);
    expect(corpus.nested).toHaveLength(300);
  });

  it("recall >= 99.5% overall and >= 95% for every format", () => {
    expect(score.recall).toBeGreaterThanOrEqual(0.995);
    for (const row of score.byFormat) expect(row.recall, row.format).toBeGreaterThanOrEqual(0.95);
  });

  it("nested payloads: every planted value is gone, every structural field is unchanged", () => {
    expect(score.nestedLeaks).toEqual([]);
    expect(score.nestedRecall).toBe(1);
    for (const c of corpus.nested)
      expect(structuralFingerprint(stripPii(c.payload))).toBe(structuralFingerprint(c.payload));
  });

  it("false positives <= 0.5% of traps", () => {
    expect(score.changedTraps).toEqual([]);
    expect(score.falsePositiveRate).toBeLessThanOrEqual(0.005);
  });

  it("is deterministic", () => {
    expect(redactionCorpus().positives.map((c) => c.text)).toEqual(corpus.positives.map((c) => c.text));
  });
});

describe("identifiers are never redacted", () => {
  // The bench runs the full 300,000; a deterministic 20,000 keeps this test quick on a shared machine.
  const objects = identifierObjects(20_000, 7);

  it("stripPii returns objects of UUIDs, span ids and timestamps unchanged", () => {
    const changed = objects.filter((o) => JSON.stringify(stripPii(o)) !== JSON.stringify(o));
    expect(changed).toEqual([]);
  });

  it("redactPii leaves UUIDs, trace ids and ISO timestamps in text alone", () => {
    for (const o of objects) {
      const line = `trace ${o.trace_id} run ${o.run_id} at ${o.timestamp} trace_id=${o.metadata.otel_trace_id} span_id=${o.span_id}`;
      expect(redactPii(line)).toBe(line);
    }
  });

  it.each([
    ["UUID whose first groups are digits (issue 11)", "66417483-7711-4158-bf40-e5dea9cd3efc"],
    ["all-digit UUID", "66417483-7711-4158-9040-123456789012"],
    ["card-like span id after a label (JSON)", '{"span_id":"4532015112830366"}'],
    ["card-like span id after a label (log)", "parent_span_id=4532015112830366"],
    ["idempotency key", '"idempotency_key": "66417483-7711-4158-bf40-e5dea9cd3efc"'],
    ["cache key with a hex id under a secret-ish label", "cache_api_key: 3f2b8c1e9d4a4e7b3f2b8c1e9d4a4e7b"],
    ["request secret that is a UUID", "request_secret=3f2b8c1e-9d4a-4e7b-8a5c-1b2d3e4f5a6b"],
    ["ISO timestamp with offset", "2025-06-03T14:22:05.481+05:30"],
  ])("keeps %s", (_name, text) => expect(redactPii(text)).toBe(text));

  it("still masks a UUID under a real secret name, and a card after a non-id label", () => {
    expect(redactPii("client_secret=3f2b8c1e-9d4a-4e7b-8a5c-1b2d3e4f5a6b")).toBe(
      "client_secret=[REDACTED_SECRET]",
    );
    expect(redactPii('{"card_number":"4532015112830366"}')).toBe('{"card_number":"[REDACTED_CARD]"}');
  });
});

describe("stripPii structural fields", () => {
  it("copies ids, timestamps and enum values without text rules, and redacts other shapes under those names", () => {
    const payload = {
      span_id: "4532015112830366",
      timestamp: "2025-06-03T14:22:05Z",
      environment: "production",
      trace_id: "call 4155552674 or bob@example.com",
    };
    expect(stripPii(payload)).toEqual({ ...payload, trace_id: "call [REDACTED_PHONE] or [REDACTED_EMAIL]" });
    expect(stripPii({ environment: "mail bob@example.com" })).toEqual({
      environment: "mail [REDACTED_EMAIL]",
    });
  });

  it("numbers colliding keys in linear time (40,000 emails as keys)", () => {
    const obj = Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`user${i}@example.com`, i]));
    const out = stripPii(obj) as Record<string, number>;
    const keys = Object.keys(out);
    expect(keys).toHaveLength(40_000);
    expect(keys[0]).toBe("[REDACTED_EMAIL]");
    expect(keys[39_999]).toBe("[REDACTED_EMAIL]#40000");
  });
});

const t = corpusTools(99);
const langfuseBasic = Buffer.from(`pk-lf-${t.uuid()}:sk-lf-${t.uuid()}`).toString("base64");

/** [rule, input, expected]: positives and traps for each rule added for issue 12. */
const NEW_RULES: [string, string, string][] = [
  [
    "base64 credential, bare",
    `rotate ${langfuseBasic} every 90 days`,
    "rotate [REDACTED_ENCODED_SECRET] every 90 days",
  ],
  [
    "base64 credential, base64url",
    `x=${Buffer.from(`sk-lf-${t.uuid()}`).toString("base64url")}`,
    "x=[REDACTED_ENCODED_SECRET]",
  ],
  [
    "base64 trap: encoded prose",
    `data ${Buffer.from("just some harmless words here, really").toString("base64")}`,
    "",
  ],
  ["base64 trap: sha256", `sha256:${"ab12".repeat(16)}`, ""],
  // Inside base64 the plain-text rule's own vendor patterns are searched, so every vendor it knows is found there too.
  ...(
    [
      ["Stripe test key", "sk_test_" + "DEMO0fake0key0for0tests00"],
      ["Google OAuth secret", "GOCSPX-" + "DEMO0fake0secret000000000"],
      ["Google access token", "ya29." + "DEMO0fake0access0token0000"],
      ["JWT", `eyJ${"h".repeat(10)}.eyJ${"p".repeat(10)}.sig`],
      // Short and placeholder keys: the embedded backend's own Langfuse credential, a short PAT, Slack, GitLab.
      ["placeholder Langfuse pair", "pk-lf-local:sk-lf-local"],
      ["short GitHub PAT", "github_pat_abc"],
      ["Slack bot token", "xoxb-1234"],
      ["GitLab token", "glpat-abcd"],
    ] as const
  ).map(([what, key]): [string, string, string] => [
    `base64 credential: ${what}`,
    `config ${Buffer.from(`credential token=${key}`).toString("base64")} end`,
    "config [REDACTED_ENCODED_SECRET] end",
  ]),
  [
    "base64 trap: a key prefix without a key",
    `note ${Buffer.from("remember sk_test_ is the prefix for test keys").toString("base64")}`,
    "",
  ],
  ["cue SSN", "my ssn 219099999", "my ssn [REDACTED_SSN]"],
  ["cue SSN, long cue", "social security number: 219-09-9999", "social security number: [REDACTED_SSN]"],
  ["cue phone", "call 4155552674", "call [REDACTED_PHONE]"],
  ["cue phone, 11 digits", "text me on 14155552674", "text me on [REDACTED_PHONE]"],
  ["cue phone, JSON", '{"phone": "4155552674"}', '{"phone": "[REDACTED_PHONE]"}'],
  ["cue trap: order after call", "call about order 4155552674", ""],
  ["cue trap: amount after phone", "phone bill total $4155552674", ""],
  ["cue trap: no cue", "order 4155552674 shipped, invoice 219099999", ""],
  ["cue trap: epoch seconds after called", "called at 1748959325", ""],
  ["cue trap: 9 digits after phone", "phone 219099999", ""],
  ["IPv6 full", "from 2001:0db8:85a3:0000:0000:8a2e:0370:7334 today", "from [REDACTED_IP_ADDRESS] today"],
  ["IPv6 compressed", "peer fe80::1ff:fe23:4567:890a", "peer [REDACTED_IP_ADDRESS]"],
  ["IPv6 trap: time, MAC, C++, loopback", "at 14:22:05 mac aa:bb:cc:dd:ee:ff std::vector [::1]:80", ""],
  ["full-width at", "mail alice＠example.com now", "mail [REDACTED_EMAIL] now"],
  ["full-width digits card", "card ４１１１ １１１１ １１１１ １１１１", "card [REDACTED_CARD]"],
  ["full-width trap: kept as written", "注文番号１２３４（東京）", ""],
  [
    "full-width: the rest keeps its characters",
    "（東京）alice＠example.com（大阪）",
    "（東京）[REDACTED_EMAIL]（大阪）",
  ],
  ["email IPv4 literal", "write alice@[192.168.0.1] now", "write [REDACTED_EMAIL] now"],
  ["email IPv6 literal", "bob@[IPv6:2001:db8::1]", "[REDACTED_EMAIL]"],
  ["email literal trap: not an IP", "see a@[not-an-ip] in docs", "see a@[not-an-ip] in docs"],
  ["card with dots", "4111.1111.1111.1111", "[REDACTED_CARD]"],
  ["card with double spaces", "card 4111  1111  1111  1111 ok", "card [REDACTED_CARD] ok"],
  ["card with slashes", "4111/1111/1111/1111", "[REDACTED_CARD]"],
  ["card trap: Luhn-invalid with dots", "4111.1111.1111.1112", ""],
  ["card trap: dotted date and time", "2025.06.03 14.22.05", ""],
  ["SSN with dots", "ssn 123.45.6789", "ssn [REDACTED_SSN]"],
  ["SSN trap: version", "v1.123.45.6789", ""],
];

describe("each new rule, positives and traps", () => {
  it.each(NEW_RULES)("%s", (_name, input, expected) => expect(redactPii(input)).toBe(expected || input));

  it("redactApiKeys (secrets only) also decodes base64 credentials", () => {
    expect(redactApiKeys(`rotate ${langfuseBasic}`)).toBe("rotate [REDACTED_ENCODED_SECRET]");
    expect(redactApiKeys("call 4155552674")).toBe("call 4155552674");
  });

  it("hashUserId is deterministic across calls and corpus runs", () => {
    expect(hashUserId("cust-88213")).toBe(hashUserId("cust-88213"));
    expect(hashUserId("cust-88213", "k1")).not.toBe(hashUserId("cust-88213", "k2"));
  });
});
