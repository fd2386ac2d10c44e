/**
 * The task outputs are one type from notebook to report. The `@ts-expect-error` lines are the
 * type-level test: `npm run typecheck` (tsc over lib/, tests included) fails if a misspelled or
 * missing field ever compiles, because the directive then has no error to expect.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeOutput } from "../outputs";
import { FIXTURE_OUTPUTS } from "../report/__fixtures__/task-outputs";
import { TASK_OUTPUT_SCHEMAS } from "./task-outputs";
import type { TaskOutputs } from "./task-outputs";

const root = mkdtempSync(join(tmpdir(), "task-outputs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const task2 = FIXTURE_OUTPUTS.task2_schema;

describe("writeOutput's types", () => {
  it("refuses a misspelled field at compile time", () => {
    const write = () =>
      writeOutput(
        "task2_schema",
        {
          ...task2,
          // @ts-expect-error: "valid_trace" is not a field of task2_schema (it is valid_traces)
          valid_trace: 3,
        },
        { root },
      );
    expect(write).toBeTypeOf("function");
  });

  it("refuses a missing field, a wrong type and an unknown output name at compile time", () => {
    const { batch: _batch, ...withoutBatch } = task2;
    // @ts-expect-error: batch is required
    const missing: TaskOutputs["task2_schema"] = withoutBatch;
    // @ts-expect-error: valid_traces is a number
    const wrongType: TaskOutputs["task2_schema"] = { ...task2, valid_traces: "3" };
    // @ts-expect-error: there is no output called task7_extra
    const unknownName = () => writeOutput("task7_extra", task2, { root });
    expect([missing, wrongType, unknownName]).toHaveLength(3);
  });

  it("misspellings in nested objects fail too", () => {
    const nested: TaskOutputs["task2_schema"] = {
      ...task2,
      // @ts-expect-error: "rejectd" is not a field of batch
      batch: { lines: 6, accepted: 3, rejectd: 3 },
    };
    expect(nested).toBeDefined();
  });
});

describe("writeOutput", () => {
  it("writes data/outputs/<name>.json that its schema accepts", () => {
    for (const [name, data] of Object.entries(FIXTURE_OUTPUTS) as [
      keyof TaskOutputs,
      TaskOutputs[keyof TaskOutputs],
    ][]) {
      const path = writeOutput(name, data as never, { root });
      expect(path).toBe(join("data", "outputs", `${name}.json`));
      const parsed = TASK_OUTPUT_SCHEMAS[name].safeParse(JSON.parse(readFileSync(join(root, path), "utf8")));
      expect(parsed.success, `${name}: ${parsed.success ? "" : parsed.error.message}`).toBe(true);
    }
  });

  it("every real output in the checkout fits its schema", async () => {
    const { projectRoot } = await import("../report/__fixtures__/workbook-root");
    for (const name of Object.keys(TASK_OUTPUT_SCHEMAS) as (keyof TaskOutputs)[]) {
      let text: string;
      try {
        text = readFileSync(join(projectRoot, "data", "outputs", `${name}.json`), "utf8");
      } catch {
        continue; // not generated in this checkout
      }
      const parsed = TASK_OUTPUT_SCHEMAS[name].safeParse(JSON.parse(text));
      expect(parsed.success, `${name}: ${parsed.success ? "" : parsed.error.message}`).toBe(true);
    }
  });
});
