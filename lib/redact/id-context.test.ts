import { describe, expect, it } from "vitest";
import { followsIdentifierLabel } from "./id-context";
import { isIdentifierName } from "./identifiers";
import { mulberry32 } from "../seeded";

/** The label regex alone, without the look-back that skips it: the fast path must agree with it. */
const LABEL_BEFORE = /([A-Za-z][A-Za-z0-9_-]{0,47})\\?["']?[ \t]*(?::|=>|=)[ \t]*\\?["']?$/;
const oracle = (text: string, offset: number) => {
  if (offset === 0) return false;
  const m = LABEL_BEFORE.exec(text.slice(Math.max(0, offset - 48), offset));
  return m !== null && isIdentifierName(m[1]);
};

describe("followsIdentifierLabel", () => {
  it("agrees with the label regex on 20,000 random prefixes", () => {
    const rand = mulberry32(21);
    const parts = [
      "span_id",
      "trace_id",
      "idempotency_key",
      "card",
      "phone",
      "x",
      ":",
      "=",
      "=>",
      " ",
      "\t",
      "\\",
      '"',
      "'",
      "{",
      ",",
      "1234",
    ];
    for (let n = 0; n < 20_000; n++) {
      const text = Array.from(
        { length: Math.floor(rand() * 8) },
        () => parts[Math.floor(rand() * parts.length)],
      ).join("");
      expect(followsIdentifierLabel(text, text.length), text).toBe(oracle(text, text.length));
    }
  });
});
