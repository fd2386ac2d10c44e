import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MissingOutputError, OutputFieldError } from "./errors";
import { readTaskOutput, TaskOutput } from "./task-output";
import { taskInfo } from "./tasks";
import { clip, fractionPct, ms, pct, text, usd } from "./units";

const root = mkdtempSync(join(tmpdir(), "task-output-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const write = (name: string, content: string) => {
  mkdirSync(join(root, "data", "outputs"), { recursive: true });
  writeFileSync(join(root, "data", "outputs", `${name}.json`), content);
};

const out = new TaskOutput(taskInfo(5), "data/outputs/task5_metrics.json", {
  metrics: { p95_latency_ms: 3620.2, bad: "fast", nan: null },
  statuses: { p95_latency_ms: "yellow", odd: "purple" },
  rows: [{ field: "input_text" }, { field: 42 }],
  ok: true,
}, new Date());

describe("TaskOutput accessors", () => {
  it("reads nested fields by dotted path", () => {
    expect(out.num("metrics.p95_latency_ms")).toBe(3620.2);
    expect(out.at("metrics").num("p95_latency_ms")).toBe(3620.2);
    expect(out.items("rows")[0].str("field")).toBe("input_text");
    expect(out.bool("ok")).toBe(true);
    expect(out.oneOf("statuses.p95_latency_ms", ["green", "yellow", "red"])).toBe("yellow");
    expect(out.has("metrics.nan")).toBe(true);
    expect(out.has("metrics.p99")).toBe(false);
  });

  it.each([
    ["a missing field", () => out.num("metrics.p99_latency_ms"), /field "metrics\.p99_latency_ms" is missing/],
    ["a string where a number belongs", () => out.num("metrics.bad"), /"metrics\.bad" should be a finite number but is a string/],
    ["null where a number belongs", () => out.num("metrics.nan"), /should be a finite number but is null/],
    ["a nested view keeps the full path", () => out.items("rows")[1].str("field"), /field "rows\.1\.field" should be a string but is a number/],
    ["a path through a scalar", () => out.num("ok.value"), /"ok\.value" is missing/],
    ["a status outside the allowed set", () => out.oneOf("statuses.odd", ["green", "yellow", "red"]), /should be one of green, yellow, red but is "purple"/],
    ["a list that is an object", () => out.list("metrics"), /should be an array but is an object/],
  ])("%s is an OutputFieldError naming file, field and notebook", (_name, read, message) => {
    let caught: unknown;
    try {
      read();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OutputFieldError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).toContain("data/outputs/task5_metrics.json");
    expect((caught as Error).message).toContain("npm run task -- 5");
    expect((caught as Error).message).toContain("lib/report/task5-section.ts");
  });
});

describe("readTaskOutput", () => {
  it("names the notebook to run when the file is missing", () => {
    expect(() => readTaskOutput(4, { root })).toThrow(MissingOutputError);
    expect(() => readTaskOutput(4, { root })).toThrow(/data\/outputs\/task4_tracing\.json is missing\. It is written by Task 4 .*notebooks\/04_\*\.ipynb \(npm run task -- 4/);
  });

  it("rejects invalid JSON and non-objects with the file named", () => {
    write("task2_schema", "{ not json");
    expect(() => readTaskOutput(2, { root })).toThrow(/task2_schema\.json is not valid JSON/);
    write("task2_schema", "[1, 2]");
    expect(() => readTaskOutput(2, { root })).toThrow(/should hold a JSON object but holds an array/);
  });

  it("rejects an output older than the run", () => {
    write("task3_redaction", "{}");
    const old = new Date("2024-01-01T00:00:00Z");
    utimesSync(join(root, "data", "outputs", "task3_redaction.json"), old, old);
    expect(() => readTaskOutput(3, { root, notOlderThan: new Date("2025-01-01T00:00:00Z") })).toThrow(/before this run started .* not from this run/);
    expect(readTaskOutput(3, { root }).writtenAt.toISOString()).toBe(old.toISOString());
  });

  it("rejects an unknown task number", () => {
    expect(() => readTaskOutput(7, { root })).toThrow(RangeError);
  });
});

describe("units", () => {
  it.each([
    [ms(1840.4), "1,840 ms"],
    [pct(3.41), "3.4%"],
    [fractionPct(0.1002), "10.02%"],
    [usd(0.000523), "$0.000523"],
    [usd(0.0004999), "$0.0005"],
    [usd(12.5), "$12.50"],
    [usd(0), "$0.00"],
    [text("<b>*x*</b> [a](b)"), "&lt;b&gt;\\*x\\*&lt;/b&gt; \\[a\\]\\(b\\)"],
    [clip("abcdef", 4), "abc… (+3 chars)"],
  ])("%s", (actual, expected) => expect(actual).toBe(expected));
});

describe("TaskOutput.find", () => {
  const runs = new TaskOutput(taskInfo(6), "data/outputs/task6_sampling.json", { large_run: { environments: [{ environment: "dev", kept: 1 }, { environment: "production", kept: 2 }] } }, new Date());
  it("finds an array element by key and keeps its path in messages", () => {
    expect(runs.find("large_run.environments", "environment", "production").num("kept")).toBe(2);
    expect(() => runs.find("large_run.environments", "environment", "production").num("total")).toThrow(/field "large_run\.environments\.1\.total" is missing/);
  });
  it("names the missing element", () => {
    expect(() => runs.find("large_run.environments", "environment", "staging")).toThrow(/"large_run\.environments" has no element with environment = "staging"/);
  });
});
