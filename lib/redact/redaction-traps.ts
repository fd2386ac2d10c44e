/**
 * False-positive traps for the redaction corpus: text a trace exists for, which must come back
 * unchanged. Ids (UUIDs, span ids, trace ids, digests, all-digit span ids that pass the card
 * checksum), ISO timestamps, epoch times, order numbers, amounts, versions, model names, bare
 * numbers near a cue word but naming an order, base64 that decodes to nothing secret, times and
 * MAC addresses next to IPv6, full-width text with nothing personal.
 */
import { corpusTools, type TrapCase } from "./redaction-corpus";

type Tools = ReturnType<typeof corpusTools>;

/** A 16-digit span id that passes the Luhn check with a card issuer prefix: the id the card rule must not take. */
const cardLikeSpanId = (t: Tools) => t.card(["4", "51", "6011", "3530"][t.f.number.int(3)], 16);

const KINDS: [kind: string, make: (t: Tools, i: number) => string][] = [
  ["uuid", (t) => t.uuid()],
  ["uuid in prose", (t) => `trace ${t.uuid()} finished`],
  [
    "all-digit-prefix uuid",
    (t) => `${t.digits(8)}-${t.digits(4)}-4${t.digits(3)}-${t.pick("ab", 1)}${t.hex(3)}-${t.hex(12)}`,
  ],
  ["span id", (t) => t.hex(16)],
  ["card-like span id (JSON)", (t) => `{"span_id":"${cardLikeSpanId(t)}","parent_span_id":"${t.hex(16)}"}`],
  ["card-like span id (log)", (t) => `span_id=${cardLikeSpanId(t)} trace_id=${t.hex(32)}`],
  ["trace id", (t) => t.hex(32)],
  ["sha256", (t) => `sha256:${t.hex(64)}`],
  ["git sha", (t) => `commit ${t.hex(40)}`],
  ["idempotency key", (t) => `"idempotency_key": "${t.uuid()}"`],
  ["cache key", (t) => `cache_key=${t.hex(32)}`],
  ["request id header", (t) => `X-Request-Id: ${t.uuid()}`],
  ["iso timestamp", (t) => t.f.date.between({ from: "2020-01-01", to: "2030-01-01" }).toISOString()],
  ["iso timestamp offset", (t) => `at ${t.f.date.recent().toISOString().slice(0, 19)}+05:30`],
  ["epoch ms", (t) => `ts=${t.f.number.int({ min: 1.6e12, max: 1.9e12 })}`],
  ["epoch s", (t) => `called at ${t.f.number.int({ min: 1.6e9, max: 1.9e9 })}`],
  ["order number", (t) => `order ORD-${t.f.number.int({ min: 2019, max: 2026 })}-${t.digits(6)}`],
  ["bare order number", (t) => `order ${t.f.number.int({ min: 2, max: 9 })}${t.digits(9)} shipped`],
  ["cue then order", (t) => `call about order ${t.f.number.int({ min: 2, max: 9 })}${t.digits(9)}`],
  ["cue then ticket", (t) => `please call re ticket #${t.digits(9)}`],
  ["phone bill amount", (t) => `phone bill total $${t.digits(10)}`],
  ["ssn field id", (t) => `ssn_field_id ${t.digits(4)}`],
  ["invoice number", (t) => `invoice ${t.digits(9)}`],
  ["amount", (t) => `$${t.f.number.int({ min: 1, max: 999 })},${t.digits(3)},${t.digits(3)}.${t.digits(2)}`],
  ["price list", (t) => `${t.f.number.int(9999)}.${t.digits(2)} ${t.f.number.int(9999)}.${t.digits(2)} USD`],
  ["version", (t) => `v${t.f.number.int(20)}.${t.f.number.int(40)}.${t.f.number.int(200)}`],
  [
    "four-part version",
    (t) => `build 10.0.${t.f.number.int({ min: 10000, max: 26000 })}.${t.f.number.int(999)}`,
  ],
  [
    "model name",
    (t) =>
      `gpt-4o-${t.f.number.int({ min: 2023, max: 2026 })}-0${t.f.number.int({ min: 1, max: 9 })}-1${t.f.number.int(9)}`,
  ],
  ["date", (t) => t.f.date.past().toISOString().slice(0, 10)],
  [
    "time",
    (t) =>
      `at ${String(t.f.number.int(23)).padStart(2, "0")}:${String(t.f.number.int(59)).padStart(2, "0")}:${String(t.f.number.int(59)).padStart(2, "0")}`,
  ],
  ["mac address", (t) => `mac ${Array.from({ length: 6 }, () => t.hex(2)).join(":")}`],
  ["c++ scope", (t) => `std::vector<${t.f.word.noun()}> and Foo::bar`],
  ["loopback", () => "listening on 127.0.0.1:8080 and [::1]:8080"],
  ["base64 of prose", (t) => `data ${Buffer.from(t.f.lorem.sentence(12)).toString("base64")}`],
  ["base64 random", (t) => Buffer.from(t.hex(60), "hex").toString("base64")],
  [
    "luhn-invalid 16 digits",
    (t) => {
      const c = t.card("4", 16);
      return `ref ${c.slice(0, 15)}${(Number(c[15]) + 1) % 10}`;
    },
  ],
  ["tracking number", (t) => `tracking 1Z${t.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 16)}`],
  ["isbn", (t) => `ISBN 978-${t.digits(1)}-${t.digits(2)}-${t.digits(6)}-${t.digits(1)}`],
  ["word with sk-", () => "pip install scikit-learn; use sk-learn style APIs; task-1234"],
  ["full-width prose", (t) => `注文番号１２３${t.f.number.int(9)}（東京）`],
  ["email-like docs url", () => "see https://docs.example.com/@orbitly/auth.html"],
  ["placeholder key", () => "api_key: <your-key> and OPENAI_API_KEY=${OPENAI_API_KEY}"],
  ["token counts", (t) => `"total_tokens": ${t.f.number.int(9000)}, "max_tokens": 512`],
];

/** `perKind` traps of each kind (43 kinds × 15 = 645 by default). */
export function trapCases(perKind = 15, seed = 13): TrapCase[] {
  const t = corpusTools(seed);
  return KINDS.flatMap(([kind, make]) =>
    Array.from({ length: perKind }, (_, i) => ({ kind, text: make(t, i) })),
  );
}
