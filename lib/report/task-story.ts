/**
 * One story per task: the write-up the report prints, computed once from the task's typed output.
 * A notebook can show the same text after writing its output, e.g.
 * `tslab.display.markdown(taskStory("task2_schema", output).observations)`, so the notebook and
 * the report never tell two versions of it.
 */
import type { Contract } from "../contract";
import type { TaskOutputs } from "../outputs/task-outputs";
import type { ReportSection } from "./report-section";
import { task1Section } from "./task1-section";
import { task2Section } from "./task2-section";
import { task4Section } from "./task4-section";
import { task5Section } from "./task5-section";
import { task6Section } from "./task6-section";

/** Tasks whose story needs nothing but its output (and the contract); Task 3's also reads its before/after sample. */
export type StoryName = Exclude<keyof TaskOutputs, "task3_redaction">;

export function taskStory<K extends StoryName>(
  name: K,
  data: TaskOutputs[K],
  contract: Contract,
): ReportSection {
  switch (name) {
    case "task1_gap":
      return task1Section(data as TaskOutputs["task1_gap"]);
    case "task2_schema":
      return task2Section(data as TaskOutputs["task2_schema"]);
    case "task4_tracing":
      return task4Section(data as TaskOutputs["task4_tracing"]);
    case "task5_metrics":
      return task5Section(data as TaskOutputs["task5_metrics"], contract);
    default:
      return task6Section(data as TaskOutputs["task6_sampling"], contract);
  }
}
