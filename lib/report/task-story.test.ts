import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadContract } from "../contract";
import { FIXTURE_OUTPUTS } from "./__fixtures__/task-outputs";
import { projectRoot } from "./__fixtures__/workbook-root";
import { task1Section } from "./task1-section";
import { taskStory } from "./task-story";

const contract = loadContract(join(projectRoot, "observability_contract.json"));

describe("taskStory", () => {
  it("is the report's section, computed from the typed output alone", () => {
    expect(taskStory("task1_gap", FIXTURE_OUTPUTS.task1_gap, contract)).toEqual(
      task1Section(FIXTURE_OUTPUTS.task1_gap),
    );
    const t5 = taskStory("task5_metrics", FIXTURE_OUTPUTS.task5_metrics, contract);
    expect(t5.observations).toContain("p95 3,620 ms");
    expect(taskStory("task6_sampling", FIXTURE_OUTPUTS.task6_sampling, contract).title).toBe(
      "The observability contract and sampling",
    );
  });

  it("says equal values once and unequal ones per version", () => {
    const equal = task1Section(FIXTURE_OUTPUTS.task1_gap).observations;
    expect(equal).toContain("Both requests for question");
    expect(equal).toContain("every answer of both versions came with HTTP 200");
    expect(equal).not.toMatch(/HTTP 200 and 200|100% and 100%/);
    const data = structuredClone(FIXTURE_OUTPUTS.task1_gap);
    data.single_query.v2.http_status = 503;
    data.eval_set.summary[1].http_200_pct = 97;
    const unequal = task1Section(data).observations;
    expect(unequal).toContain("returned HTTP 200 (v1.0) and 503 (v2.1)");
    expect(unequal).toContain("100% of v1.0's answers and 97% of v2.1's came with HTTP 200");
  });
});
