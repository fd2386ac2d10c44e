/**
 * Objects made only of identifiers, the way trace stores and SDK payloads carry them: random
 * UUIDs, W3C trace and span ids, run ids and ISO timestamps. `stripPii` must return every one
 * unchanged. Fast and deterministic (mulberry32), so the tests and the bench can make 300,000.
 */
import { mulberry32 } from "../seeded";

export interface IdentifierObject {
  trace_id: string;
  span_id: string;
  parent_span_id: string;
  run_id: string;
  timestamp: string;
  start_time: string;
  metadata: { request_id: string; idempotency_key: string; otel_trace_id: string };
}

export function identifierObjects(n: number, seed = 42): IdentifierObject[] {
  const rand = mulberry32(seed);
  const hex = (len: number) => {
    let s = "";
    while (s.length < len)
      s += Math.floor(rand() * 0x100000000)
        .toString(16)
        .padStart(8, "0");
    return s.slice(0, len);
  };
  /** A span id drawn as in OTel: 16 random hex digits, so about 1 in 1,800 is all digits. */
  const spanId = () => hex(16);
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[(rand() * 4) | 0]}${hex(3)}-${hex(12)}`;
  const time = () => new Date(1.7e12 + Math.floor(rand() * 1e11)).toISOString();
  return Array.from({ length: n }, () => ({
    trace_id: uuid(),
    span_id: spanId(),
    parent_span_id: spanId(),
    run_id: uuid(),
    timestamp: time(),
    start_time: time(),
    metadata: { request_id: uuid(), idempotency_key: uuid(), otel_trace_id: hex(32) },
  }));
}
