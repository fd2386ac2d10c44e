import { describe, expect, it } from "vitest";
import { ConfigError } from "./config";
import { ContractError } from "./contract";
import { UnknownModelError } from "./pricing";
import { describeError, UsageError } from "./tools/cli";
import { MissingInputError, SubmissionNameError } from "./report/errors";
import { UnknownEnvironmentError } from "./sampler";
import { WorkbookError } from "./workbook-error";

describe("WorkbookError", () => {
  it.each([
    ["ConfigError", new ConfigError("x")],
    ["UnknownModelError", new UnknownModelError("gpt-9")],
    ["MissingInputError", new MissingInputError("x")],
    ["SubmissionNameError", new SubmissionNameError("x")],
    ["UsageError", new UsageError("x")],
  ])("%s is a WorkbookError, keeps its name, and prints as its message alone", (name, error) => {
    expect(WorkbookError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(WorkbookError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(describeError(error)).toBe(error.message);
  });

  it("covers the contract and sampler errors too", () => {
    expect(ContractError.prototype).toBeInstanceOf(WorkbookError);
    expect(UnknownEnvironmentError.prototype).toBeInstanceOf(WorkbookError);
  });

  it("recognises the marker across copies of the class, and nothing else", () => {
    const foreign = Object.assign(new Error("from another copy"), {
      [Symbol.for("llm-observability-workbook.error")]: true,
    });
    expect(WorkbookError.isInstance(foreign)).toBe(true);
    const plain = new TypeError("boom");
    expect(WorkbookError.isInstance(plain)).toBe(false);
    expect(describeError(plain)).toMatch(/^TypeError: boom\n\(unexpected: this is a bug/);
    expect(WorkbookError.isInstance("MissingInputError")).toBe(false);
    expect(WorkbookError.isInstance(null)).toBe(false);
  });
});
