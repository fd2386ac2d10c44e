import { describe, expect, it } from "vitest";
import { IssuedTraces } from "./issued-traces";

describe("IssuedTraces", () => {
  it("remembers the prompt version per id, case-insensitively", () => {
    const issued = new IssuedTraces(4);
    issued.add("AAAA", "v1.0");
    expect(issued.get("aaaa")).toBe("v1.0");
    expect(issued.get("bbbb")).toBeUndefined();
  });

  it("stays at its capacity under any traffic, evicting the least recently used id and counting it", () => {
    const issued = new IssuedTraces(100);
    for (let i = 0; i < 10_000; i++) {
      issued.add(`id-${i}`, "v2.1");
      if (i % 10 === 0) issued.get("id-0"); // a hot id stays
    }
    expect(issued.size).toBe(100);
    expect(issued.evicted).toBe(9_900);
    expect(issued.get("id-0")).toBe("v2.1");
    expect(issued.get("id-9999")).toBe("v2.1");
    expect(issued.get("id-5000")).toBeUndefined();
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses capacity %s", (capacity) => {
    expect(() => new IssuedTraces(capacity)).toThrow(RangeError);
  });
});
