/**
 * New trace ids: UUID version 7 (RFC 9562), a 48-bit millisecond timestamp then random bits.
 * One id names a request everywhere: `/ask`'s `trace_id`, LangSmith's root run id (LangSmith
 * mints UUIDv7 run ids itself and says future SDKs will require them for custom ids), and, as
 * 32 hex digits, the OpenTelemetry and Langfuse trace id (its last 62 bits are random, as W3C
 * Trace Context recommends). Time-ordered ids also sort by start time in any store.
 */
import { randomBytes } from "node:crypto";

/** A dashed UUID (any version), case-insensitive. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 32 hex digits as a dashed UUID (8-4-4-4-12), lower case. */
export const uuidFromHex = (hex: string) => {
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

export function newTraceId(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  const ms = BigInt(Math.max(0, Math.floor(now)));
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6] & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 9562 variant
  return uuidFromHex(bytes.toString("hex"));
}

/** A UUID trace id as OpenTelemetry (and Langfuse over OTLP) writes it: 32 lower-case hex digits. */
export const otelTraceId = (uuid: string) => uuid.replace(/-/g, "").toLowerCase();
