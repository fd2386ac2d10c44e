import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { markdownTable } from "../format";
import { MissingOutputError } from "./errors";
import { readSampleTable } from "./sample-table";
import { aroundChange } from "./task3-section";

const root = mkdtempSync(join(tmpdir(), "sample-table-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const write = (file: string, content: string) => {
  mkdirSync(join(root, "data", "samples"), { recursive: true });
  writeFileSync(join(root, "data", "samples", file), content);
};

describe("readSampleTable", () => {
  it("reads back what markdownTable wrote, pipes and all", () => {
    const rows = [
      { path: "input_text", before: "a | b with jane@example.com", after: "a | b with [REDACTED_EMAIL]" },
      { path: "user_id", before: "cust-1", after: "uid_0123" },
    ];
    write(
      "t.md",
      `# Title\n\nSome prose | with a pipe.\n\n${markdownTable(rows, ["path", "before", "after"])}\n\nTrailing text.\n`,
    );
    const table = readSampleTable(3, "t.md", { root, columns: ["path", "before", "after"] });
    expect(table.columns).toEqual(["path", "before", "after"]);
    expect(table.rows).toEqual(rows);
  });

  it.each([
    ["a missing file", null, /data\/samples\/x\.md is missing\. It is written by Task 3 .*npm run task -- 3/],
    ["no table", "# only prose\n", /holds no Markdown table/],
    [
      "a missing column",
      "| field | before |\n| --- | --- |\n| a | b |\n",
      /without the column\(s\) path, after \(it has field, before\)/,
    ],
    [
      "a ragged row",
      "| path | before | after |\n| --- | --- | --- |\n| a | b |\n",
      /line 3 has 2 cells, the header 3/,
    ],
    ["no rows", "| path | before | after |\n| --- | --- | --- |\n", /has a table with no rows/],
  ])("refuses %s with the file and notebook named", (_name, content, message) => {
    if (content !== null) write("x.md", content);
    else rmSync(join(root, "data", "samples", "x.md"), { force: true });
    expect(() => readSampleTable(3, "x.md", { root, columns: ["path", "before", "after"] })).toThrow(
      MissingOutputError,
    );
    expect(() => readSampleTable(3, "x.md", { root, columns: ["path", "before", "after"] })).toThrow(message);
  });

  it("refuses a sample older than the run or newer than its output", () => {
    write("old.md", "| path | before | after |\n| --- | --- | --- |\n| a | b | c |\n");
    const at = new Date("2025-01-01T00:00:00Z");
    utimesSync(join(root, "data", "samples", "old.md"), at, at);
    expect(() =>
      readSampleTable(3, "old.md", { root, notOlderThan: new Date("2025-06-01T00:00:00Z") }),
    ).toThrow(/before this run started/);
    expect(() =>
      readSampleTable(3, "old.md", { root, notNewerThan: new Date("2024-12-31T00:00:00Z") }),
    ).toThrow(/after the task's output/);
    expect(readSampleTable(3, "old.md", { root, notNewerThan: at }).rows).toHaveLength(1);
  });
});

describe("aroundChange", () => {
  it("keeps short pairs whole", () => {
    expect(aroundChange("mail jane@example.com", "mail [REDACTED_EMAIL]", 50)).toEqual([
      "mail jane@example.com",
      "mail [REDACTED_EMAIL]",
    ]);
  });

  it("keeps the redaction token visible in a long pair and says what was cut", () => {
    const prefix = "x".repeat(200);
    const [before, after] = aroundChange(
      `${prefix} key sk-proj-abc123 end ${"y".repeat(100)}`,
      `${prefix} key [REDACTED_OPENAI_KEY] end ${"y".repeat(100)}`,
      80,
    );
    expect(after).toContain("[REDACTED_OPENAI_KEY]");
    expect(before).toContain("sk-proj-abc123");
    expect(after).toMatch(/^\(\+\d+ chars\) …/);
    expect(after).toMatch(/… \(\+\d+ chars\)$/);
  });
});
