/**
 * The trace ids this process handed out on `/ask`, newest `capacity` of them, each with the
 * prompt version that answered. `/feedback` uses it to say whether a trace is known and to
 * label `llm_feedback_total`; memory stays bounded whatever the traffic (a Map kept in
 * insertion order is the LRU: a hit is re-inserted at the end, the oldest key is evicted).
 */
export const DEFAULT_ISSUED_TRACES_CAPACITY = 10_000;

export class IssuedTraces {
  private readonly byId = new Map<string, string>();
  /** Ids pushed out by newer ones: feedback on them still works, but reports `known: false`. */
  evicted = 0;

  constructor(readonly capacity = DEFAULT_ISSUED_TRACES_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`IssuedTraces capacity must be a positive integer (got ${capacity})`);
  }

  get size(): number {
    return this.byId.size;
  }

  add(traceId: string, promptVersion: string): void {
    const id = traceId.toLowerCase();
    this.byId.delete(id);
    this.byId.set(id, promptVersion);
    if (this.byId.size > this.capacity) {
      this.byId.delete(this.byId.keys().next().value as string);
      this.evicted++;
    }
  }

  /** The prompt version that answered, or undefined for an id this process never issued (or forgot). */
  get(traceId: string): string | undefined {
    const id = traceId.toLowerCase();
    const version = this.byId.get(id);
    if (version !== undefined) {
      this.byId.delete(id);
      this.byId.set(id, version);
    }
    return version;
  }
}
