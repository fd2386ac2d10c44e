/**
 * OTLP/HTTP JSON, server side (`POST /v1/traces`): `resourceSpans[].scopeSpans[].spans[]` with
 * typed attribute values. Spans are flattened into plain objects (hex ids, millisecond times,
 * attributes as a key/value map) so the tree renderer and tests can read them.
 */
import type { EventInput, Fields } from "./trace-store";

export type OtlpDecoded = { ok: true; events: EventInput[] } | { ok: false; error: string };

type KeyValue = { key: string; value?: AnyValue };
type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
  bytesValue?: string;
};

export function decodeOtlpJson(data: unknown): OtlpDecoded {
  const resourceSpans = (data as { resourceSpans?: unknown })?.resourceSpans;
  if (!Array.isArray(resourceSpans))
    return { ok: false, error: "body.resourceSpans: expected an array (OTLP/HTTP JSON)" };
  const events: EventInput[] = [];
  const problems: string[] = [];
  (
    resourceSpans as {
      resource?: { attributes?: KeyValue[] };
      scopeSpans?: { scope?: { name?: string }; spans?: Record<string, unknown>[] }[];
    }[]
  ).forEach((rs, r) => {
    const resource = attributes(rs?.resource?.attributes);
    (rs?.scopeSpans ?? []).forEach((ss, s) => {
      (ss?.spans ?? []).forEach((raw, i) => {
        const where = `resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`;
        const traceId = hexId(raw?.traceId, 32);
        const spanId = hexId(raw?.spanId, 16);
        if (!traceId || !spanId) {
          problems.push(`${where}: traceId (16 bytes) and spanId (8 bytes) are required`);
          return;
        }
        const span: Fields = {
          traceId,
          spanId,
          parentSpanId: hexId(raw.parentSpanId, 16) || undefined,
          name: String(raw.name ?? ""),
          kind: raw.kind,
          start_ms: nanosToMs(raw.startTimeUnixNano),
          end_ms: nanosToMs(raw.endTimeUnixNano),
          attributes: attributes(raw.attributes as KeyValue[]),
          events: (
            (raw.events as { name?: string; timeUnixNano?: unknown; attributes?: KeyValue[] }[]) ?? []
          ).map((e) => ({
            name: String(e.name ?? ""),
            time_ms: nanosToMs(e.timeUnixNano),
            attributes: attributes(e.attributes),
          })),
          status: {
            code: Number((raw.status as { code?: number })?.code ?? 0),
            message: (raw.status as { message?: string })?.message,
          },
          resource,
          scope: ss?.scope?.name,
        };
        events.push({ protocol: "otlp", kind: "span", id: spanId, payload: span });
      });
    });
  });
  if (problems.length) return { ok: false, error: problems.join("; ") };
  return { ok: true, events };
}

export function attributes(list: KeyValue[] | undefined): Fields {
  const out: Fields = {};
  for (const kv of list ?? []) if (kv && typeof kv.key === "string") out[kv.key] = anyValue(kv.value);
  return out;
}

function anyValue(v: AnyValue | undefined): unknown {
  if (!v) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return Number(v.doubleValue);
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(anyValue);
  if (v.kvlistValue) return attributes(v.kvlistValue.values);
  if (v.bytesValue !== undefined) return v.bytesValue;
  return undefined;
}

/** OTLP/JSON ids are hex; some encoders send base64 (the protobuf JSON mapping). Accept both. */
function hexId(value: unknown, hexLength: number): string {
  if (typeof value !== "string" || value === "") return "";
  if (new RegExp(`^[0-9a-f]{${hexLength}}$`, "i").test(value)) return value.toLowerCase();
  const bytes = Buffer.from(value, "base64");
  return bytes.length * 2 === hexLength ? bytes.toString("hex") : "";
}

/** Nanoseconds arrive as a number, a decimal string, or a `{low, high}` pair from older encoders. */
function nanosToMs(value: unknown): number {
  if (typeof value === "number") return value / 1e6;
  if (typeof value === "string" && /^\d+$/.test(value)) return Number(BigInt(value) / 1000n) / 1000;
  if (value && typeof value === "object" && "low" in value) {
    const { low, high } = value as { low: number; high: number };
    return ((high >>> 0) * 2 ** 32 + (low >>> 0)) / 1e6;
  }
  return NaN;
}
