import { describe, expect, it } from "vitest";
import { hasSecretLabel } from "./credential-rules";
import { mulberry32 } from "../seeded";

/** The regex the gate replaced: the gate must agree with it exactly (sound and no looser). */
const ORACLE = /(?:key|secret|token|passw(?:or)?d|pwd|passphrase)\\?["']?[ \t]*[:=]/i;

describe("hasSecretLabel", () => {
  it("agrees with the label regex on 20,000 random strings", () => {
    const rand = mulberry32(12);
    const parts = [
      "key",
      "KEY",
      "Ke",
      "y",
      "secret",
      "token",
      "passwd",
      "password",
      "PassWord",
      "pwd",
      "passphrase",
      ":",
      "=",
      " ",
      "\t",
      "\\",
      '"',
      "'",
      "x",
      "_",
      "ſ",
      "K",
    ];
    for (let n = 0; n < 20_000; n++) {
      const text = Array.from(
        { length: Math.floor(rand() * 10) },
        () => parts[Math.floor(rand() * parts.length)],
      ).join("");
      expect(hasSecretLabel(text), text).toBe(ORACLE.test(text));
    }
  });

  it("finds labels in JSON and prose, not in token counts", () => {
    expect(hasSecretLabel('{"api_key": "abc"}')).toBe(true);
    expect(hasSecretLabel('{\\"Password\\": \\"abc\\"}')).toBe(true);
    expect(hasSecretLabel("export TOKEN=abc")).toBe(true);
    expect(hasSecretLabel('{"total_tokens": 12, "key_count": 3}')).toBe(false);
  });
});
