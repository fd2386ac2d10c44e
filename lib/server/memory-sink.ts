/**
 * Keeps records in memory, newest last: how notebooks and tests read the step detail
 * (retrieval scores, tool outcomes, latency breakdown) behind an HTTP response's `trace_id`.
 */
import type { AnswerRecord, ExportResult, RecordSink } from "../record";

export interface MemorySink extends RecordSink {
  readonly records: readonly AnswerRecord[];
  /** Oldest records evicted because more than `limit` arrived. */
  readonly dropped: number;
  byTraceId(traceId: string): AnswerRecord | undefined;
  /** Waits until a record with `traceId` arrives (records are delivered just after the response). */
  waitFor(traceId: string, timeoutMs?: number): Promise<AnswerRecord>;
  clear(): void;
}

export function createMemorySink({
  name = "memory",
  limit = 10_000,
}: { name?: string; limit?: number } = {}): MemorySink {
  const records: AnswerRecord[] = [];
  const waiters = new Map<string, (record: AnswerRecord) => void>();
  let dropped = 0;
  return {
    name,
    records,
    get dropped() {
      return dropped;
    },
    record(record) {
      records.push(record);
      if (records.length > limit) {
        records.shift();
        dropped++;
      }
      waiters.get(record.trace.trace_id)?.(record);
    },
    byTraceId: (traceId) => records.find((r) => r.trace.trace_id === traceId),
    waitFor(traceId, timeoutMs = 5000) {
      const found = records.find((r) => r.trace.trace_id === traceId);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(traceId);
          reject(new Error(`no record for trace ${traceId} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.set(traceId, (record) => {
          clearTimeout(timer);
          waiters.delete(traceId);
          resolve(record);
        });
      });
    },
    clear: () => void records.splice(0, records.length),
    async flush(): Promise<ExportResult> {
      return { code: "SUCCESS" };
    },
  };
}
