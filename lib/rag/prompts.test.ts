import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { detectStyle } from "../llm/simulated-answer";
import {
  DEFAULT_PROMPT_VERSION,
  findPrompt,
  getPrompt,
  knownPromptVersions,
  PROMPTS,
  UnknownPromptVersionError,
} from "./prompts";

describe("prompt registry", () => {
  it("has a chatty v1 and a concise v2, with unique ids", () => {
    expect(PROMPTS.map((p) => p.id)).toEqual(["v1.0", "v2.1"]);
    expect(getPrompt("v1.0").style).toBe("chatty");
    expect(getPrompt("v2.1").style).toBe("concise");
    expect(new Set(PROMPTS.map((p) => p.id)).size).toBe(PROMPTS.length);
  });

  it("hashes each text with sha256, so an edited text no longer matches its recorded hash", () => {
    for (const p of PROMPTS) expect(p.hash).toBe(createHash("sha256").update(p.text).digest("hex"));
    expect(new Set(PROMPTS.map((p) => p.hash)).size).toBe(PROMPTS.length);
    const edited = createHash("sha256")
      .update(getPrompt("v2.1").text + " ")
      .digest("hex");
    expect(edited).not.toBe(getPrompt("v2.1").hash);
  });

  it("derives the major version used in trace names", () => {
    expect(PROMPTS.map((p) => p.major)).toEqual([1, 2]);
  });

  it("resolves aliases to the latest minor and defaults to v2.1", () => {
    expect(getPrompt("v1").id).toBe("v1.0");
    expect(getPrompt("v2").id).toBe("v2.1");
    expect(getPrompt().id).toBe(DEFAULT_PROMPT_VERSION);
    expect(knownPromptVersions()).toEqual(["v1.0", "v2.1", "v1", "v2"]);
  });

  it.each([["v3"], [""], ["V2.1"], ["v2.1 "]])(
    "rejects unknown version %j with a named error listing the known ones",
    (version) => {
      expect(findPrompt(version)).toBeUndefined();
      expect(() => getPrompt(version)).toThrow(UnknownPromptVersionError);
      expect(() => getPrompt(version)).toThrow(/known: v1\.0, v2\.1/);
    },
  );

  it("reads as the intended style to the simulator", () => {
    expect(detectStyle(getPrompt("v1.0").text)).toBe("chatty");
    expect(detectStyle(getPrompt("v2.1").text)).toBe("concise");
    expect(detectStyle("You are a helpful assistant.")).toBe("neutral");
  });
});
