/**
 * One story per task: each write-up is computed once, from the task's output, by
 * `taskNWriteUp` (lib/report/taskN-section.ts). The committed notebook shows exactly that text
 * and the report prints exactly that text as the task's findings. Checked on the committed,
 * executed notebooks and their outputs, which one `npm run workbook` run wrote together.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadContract } from "../contract";
import { wordCount } from "../format";
import { packagePath } from "../package-root";
import { task1Section, task1WriteUp } from "./task1-section";
import { task2Section, task2WriteUp } from "./task2-section";
import { task3Section, task3WriteUp } from "./task3-section";
import { task4Section, task4WriteUp } from "./task4-section";
import { task5Section, task5WriteUp } from "./task5-section";
import { task6Section, task6WriteUp } from "./task6-section";
import { readTaskOutput } from "./task-output";
import { TASKS, taskInfo, writeUpMarkdown } from "./tasks";

const contract = loadContract();
const data = <K extends Parameters<typeof readTaskOutput>[0]>(name: K) => readTaskOutput(name).data;
const beforeAfter = { file: "task3_redaction_before_after.md", columns: [], rows: [] };

/** Each task's write-up from the committed outputs, and the report section built from the same outputs. */
const stories = {
  1: () => ({ text: task1WriteUp(data("task1_gap")), section: task1Section(data("task1_gap")) }),
  2: () => ({ text: task2WriteUp(data("task2_schema")), section: task2Section(data("task2_schema")) }),
  3: () => ({
    text: task3WriteUp(data("task3_redaction")),
    section: task3Section(data("task3_redaction"), beforeAfter),
  }),
  4: () => ({ text: task4WriteUp(data("task4_tracing")), section: task4Section(data("task4_tracing")) }),
  5: () => ({
    text: task5WriteUp(data("task5_metrics"), data("task5_drift")),
    section: task5Section(data("task5_metrics"), contract, [], data("task5_drift")),
  }),
  6: () => ({
    text: task6WriteUp(data("task6_sampling"), contract),
    section: task6Section(data("task6_sampling"), contract),
  }),
} as const;

type Cell = { cell_type: string; source: string[] | string; outputs?: { data?: Record<string, unknown> }[] };
const joined = (v: string[] | string | unknown) => (Array.isArray(v) ? v.join("") : String(v));

function notebookOf(task: number): Cell[] {
  const prefix = taskInfo(task).prefix;
  const file = readdirSync(packagePath("notebooks")).find(
    (f) => f.startsWith(prefix) && f.endsWith(".ipynb"),
  );
  return JSON.parse(readFileSync(packagePath("notebooks", file as string), "utf8")).cells;
}

describe.each(TASKS.map((t) => t.task))("Task %i's write-up", (task) => {
  const { text, section } = stories[task as keyof typeof stories]();

  it("is what the committed notebook shows, from a cell that calls the library, not a template", () => {
    const cells = notebookOf(task).filter((c) => c.cell_type === "code");
    const writers = cells.filter((c) => joined(c.source).includes(`task${task}WriteUp(`));
    expect(writers).toHaveLength(1);
    expect(joined(writers[0].source)).toContain(`writeUpMarkdown(${task}, task${task}WriteUp(`);
    const shown = (writers[0].outputs ?? []).map((o) => joined(o.data?.["text/markdown"] ?? ""));
    expect(shown).toEqual([writeUpMarkdown(task, text)]);
    // No second telling: no notebook cell counts the words of a write-up of its own.
    expect(cells.filter((c) => /\bwordCount\(/.test(joined(c.source)))).toEqual([]);
  });

  it("is what the report prints as the task's findings", () => {
    expect(section.observations.startsWith(text)).toBe(true);
    // Whatever follows is tables and figures, not more prose.
    expect(section.observations.slice(text.length).trim()).toMatch(/^(<|$)/);
  });

  it("is within the assignment's length", () => {
    const [min, max] = taskInfo(task).writeUpWords;
    expect(wordCount(text)).toBeGreaterThanOrEqual(min);
    expect(wordCount(text)).toBeLessThanOrEqual(max);
  });
});
