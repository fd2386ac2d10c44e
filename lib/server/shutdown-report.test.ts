import { describe, expect, it } from "vitest";
import { describeShutdown } from "./shutdown-report";

const loss = (sink: string, items: Record<string, number> = {}, records: Record<string, number> = {}) => ({
  sink,
  records: 100,
  items_sent: 500,
  items_dropped: items,
  records_dropped: records,
  complete: Object.keys(items).length + Object.keys(records).length === 0,
});

describe("describeShutdown", () => {
  it("says a sink delivered everything only when it lost nothing, and numbers every loss by cause", () => {
    const text = describeShutdown({
      drained: true,
      flushed: [
        { sink: "langfuse", result: { code: "SUCCESS" } },
        { sink: "langsmith", result: { code: "SUCCESS" } },
        { sink: "json-log", result: { code: "SUCCESS" } },
      ],
      losses: [loss("langfuse"), loss("langsmith", { timeout: 12, cancelled: 3 }, { queue_full: 2 })],
      sink_errors: {},
    });
    expect(text).toContain("langfuse: 100 trace(s), 500 item(s) delivered, nothing lost");
    expect(text).toContain(
      "langsmith: 100 trace(s), 500 item(s) delivered; LOST 15 item(s) (timeout 12, cancelled 3) and 2 whole trace(s) (queue_full 2)",
    );
    // A flush that returned SUCCESS in time is not "delivered everything" when items were lost.
    expect(text).toContain("1/2 trace sink(s) delivered everything");
    expect(text).toContain("other sinks: 1/1 flushed");
  });

  it("says when unfinished requests were cut and which sinks threw", () => {
    const text = describeShutdown({
      drained: false,
      flushed: [],
      losses: [],
      sink_errors: { "json-log": 2 },
    });
    expect(text).toMatch(/unfinished requests were cut/);
    expect(text).toContain("records a sink threw on (not delivered to it): json-log 2");
  });
});
