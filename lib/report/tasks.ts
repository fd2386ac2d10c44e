/**
 * The six task notebooks and the output file each one writes for the report. The report, the
 * combined notebook and the error messages all name notebooks from this one list.
 */
import { wordCount } from "../format";
import type { TaskOutputName } from "../outputs/task-outputs";

export interface TaskInfo {
  task: 1 | 2 | 3 | 4 | 5 | 6;
  /** Section title used in the report and the combined notebook. */
  title: string;
  /** `data/outputs/<output>.json`, written by the notebook with `writeOutput`. */
  output: TaskOutputName;
  /** Notebook file-name prefix inside `notebooks/`, e.g. "01_". */
  prefix: string;
  /** Further output files the notebook writes (e.g. notebook 05's drift section). */
  extra?: readonly TaskOutputName[];
  /** The assignment's length for the task's write-up, in words (min, max). */
  writeUpWords: readonly [number, number];
}

export const TASKS: readonly TaskInfo[] = [
  { task: 1, title: "The observability gap", output: "task1_gap", prefix: "01_", writeUpWords: [200, 300] },
  { task: 2, title: "A trace schema", output: "task2_schema", prefix: "02_", writeUpWords: [100, 250] },
  { task: 3, title: "PII redaction", output: "task3_redaction", prefix: "03_", writeUpWords: [100, 300] },
  {
    task: 4,
    title: "Tracing with Langfuse and LangSmith",
    output: "task4_tracing",
    prefix: "04_",
    writeUpWords: [250, 350],
  },
  {
    task: 5,
    title: "Metrics, thresholds and dashboards",
    output: "task5_metrics",
    prefix: "05_",
    extra: ["task5_drift"],
    writeUpWords: [200, 300],
  },
  {
    task: 6,
    title: "The observability contract and sampling",
    output: "task6_sampling",
    prefix: "06_",
    writeUpWords: [150, 200],
  },
];

export function taskInfo(task: number): TaskInfo {
  const info = TASKS.find((t) => t.task === task);
  if (!info) throw new RangeError(`There is no task ${task}: tasks are 1 to 6.`);
  return info;
}

/** The task that writes output `name`. */
export function taskOfOutput(name: TaskOutputName): TaskInfo {
  return TASKS.find((t) => t.output === name || t.extra?.includes(name)) as TaskInfo;
}

/** How a reader re-creates a task's outputs, for error messages. */
export function rerunHint(info: TaskInfo): string {
  return `run notebooks/${info.prefix}*.ipynb (npm run task -- ${info.task}, or npm run workbook)`;
}

/**
 * A task's write-up as its notebook shows it: the text the report prints as the task's findings,
 * then its length against the range the assignment sets.
 */
export function writeUpMarkdown(task: number, writeUp: string): string {
  const [min, max] = taskInfo(task).writeUpWords;
  return `${writeUp}\n\n*(${wordCount(writeUp)} words; target ${min}–${max})*`;
}
