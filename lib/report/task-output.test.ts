import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeOutput } from "../outputs";
import { FIXTURE_OUTPUTS } from "./__fixtures__/task-outputs";
import { MissingOutputError, OutputFieldError } from "./errors";
import { readTaskOutput } from "./task-output";
import { both, clip, fractionPct, ms, pct, text, usd } from "./units";

const root = mkdtempSync(join(tmpdir(), "task-output-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const write = (name: string, content: string) => {
  mkdirSync(join(root, "data", "outputs"), { recursive: true });
  writeFileSync(join(root, "data", "outputs", `${name}.json`), content);
};

describe("readTaskOutput", () => {
  it("reads back what writeOutput wrote, typed and validated", () => {
    writeOutput("task5_metrics", FIXTURE_OUTPUTS.task5_metrics, { root });
    const out = readTaskOutput("task5_metrics", { root });
    expect(out.data.metrics.p95_latency_ms).toBe(FIXTURE_OUTPUTS.task5_metrics.metrics.p95_latency_ms);
    expect(out.info.task).toBe(5);
    expect(out.file).toBe("data/outputs/task5_metrics.json");
  });

  it("accepts every fixture output and drops fields the schema does not declare", () => {
    for (const [name, data] of Object.entries(FIXTURE_OUTPUTS))
      write(name, JSON.stringify({ ...data, added_by_another_branch: 1 }));
    const out = readTaskOutput("task1_gap", { root });
    expect(out.data.single_query.v2.prompt_version).toBe("v2.1");
    expect(out.data).not.toHaveProperty("added_by_another_branch");
  });

  it("names the notebook to run when the file is missing", () => {
    rmSync(join(root, "data", "outputs", "task4_tracing.json"), { force: true });
    expect(() => readTaskOutput("task4_tracing", { root })).toThrow(MissingOutputError);
    expect(() => readTaskOutput("task4_tracing", { root })).toThrow(
      /data\/outputs\/task4_tracing\.json is missing\. It is written by Task 4 .*notebooks\/04_\*\.ipynb \(npm run task -- 4/,
    );
  });

  it("rejects invalid JSON with the file named", () => {
    write("task2_schema", "{ not json");
    expect(() => readTaskOutput("task2_schema", { root })).toThrow(/task2_schema\.json is not valid JSON/);
  });

  it("lists every field that does not fit, by path, in one error naming the notebook and the schema", () => {
    const data = JSON.parse(JSON.stringify(FIXTURE_OUTPUTS.task5_metrics));
    delete data.metrics.p95_latency_ms;
    data.prometheus.agree = "yes";
    data.statuses.failure_rate = "amber";
    write("task5_metrics", JSON.stringify(data));
    let caught: unknown;
    try {
      readTaskOutput("task5_metrics", { root });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OutputFieldError);
    const message = (caught as Error).message;
    expect(message).toContain("data/outputs/task5_metrics.json");
    expect(message).toMatch(/field "metrics\.p95_latency_ms" expected number/);
    expect(message).toMatch(/field "prometheus\.agree" expected boolean/);
    expect(message).toMatch(/field "statuses\.failure_rate"/);
    expect(message).toContain("npm run task -- 5");
    expect(message).toContain("lib/outputs/task5-output.ts");
    expect((caught as OutputFieldError).problems).toHaveLength(3);
  });

  it("rejects a non-object", () => {
    write("task2_schema", "[1, 2]");
    expect(() => readTaskOutput("task2_schema", { root })).toThrow(OutputFieldError);
  });

  it("rejects an output older than the run", () => {
    write("task3_redaction", JSON.stringify(FIXTURE_OUTPUTS.task3_redaction));
    const old = new Date("2024-01-01T00:00:00Z");
    utimesSync(join(root, "data", "outputs", "task3_redaction.json"), old, old);
    expect(() =>
      readTaskOutput("task3_redaction", { root, notOlderThan: new Date("2025-01-01T00:00:00Z") }),
    ).toThrow(/before this run started .* not from this run/);
    expect(readTaskOutput("task3_redaction", { root }).writtenAt.toISOString()).toBe(old.toISOString());
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
    [both("100%", "100%"), "both 100%"],
    [both("19.7", "90.8"), "19.7 and 90.8"],
  ])("%s", (actual, expected) => expect(actual).toBe(expected));
});
