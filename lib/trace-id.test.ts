import { describe, expect, it } from "vitest";
import { z } from "zod";
import { newTraceId } from "./trace-id";

describe("newTraceId", () => {
  it("makes RFC 9562 version-7 UUIDs that carry the time and sort by it", () => {
    const a = newTraceId(Date.parse("2025-06-02T09:15:00.000Z"));
    const b = newTraceId(Date.parse("2025-06-02T09:15:00.001Z"));
    for (const id of [a, b]) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(z.uuid().safeParse(id).success).toBe(true);
    }
    expect(parseInt(a.replace(/-/g, "").slice(0, 12), 16)).toBe(Date.parse("2025-06-02T09:15:00.000Z"));
    expect(a < b).toBe(true);
  });

  it("never repeats and is never the all-zero OTel trace id", () => {
    const ids = new Set(Array.from({ length: 2000 }, () => newTraceId()));
    expect(ids.size).toBe(2000);
    for (const id of ids) expect(id.replace(/-/g, "")).not.toMatch(/^0+$/);
  });
});
