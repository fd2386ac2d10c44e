/**
 * Every notebook output file, by name: what `writeOutput` accepts and what the report reads,
 * one zod schema each. To add a field: declare it in `taskN-output.ts` (`.optional()` if older
 * outputs lack it), write it in the notebook's `writeOutput` call, and read it in the report;
 * a misspelling on either side is then a compile error, and a missing value a load error that
 * names the field.
 */
import type { z } from "zod";
import { Task1OutputSchema } from "./task1-output";
import { Task2OutputSchema } from "./task2-output";
import { Task3OutputSchema } from "./task3-output";
import { Task4OutputSchema } from "./task4-output";
import { Task5OutputSchema } from "./task5-output";
import { Task5DriftOutputSchema } from "./task5-drift-output";
import { Task6OutputSchema } from "./task6-output";

export const TASK_OUTPUT_SCHEMAS = {
  task1_gap: Task1OutputSchema,
  task2_schema: Task2OutputSchema,
  task3_redaction: Task3OutputSchema,
  task4_tracing: Task4OutputSchema,
  task5_metrics: Task5OutputSchema,
  task5_drift: Task5DriftOutputSchema,
  task6_sampling: Task6OutputSchema,
};

export type TaskOutputName = keyof typeof TASK_OUTPUT_SCHEMAS;

/** What a notebook writes under each name. */
export type TaskOutputs = { [K in TaskOutputName]: z.input<(typeof TASK_OUTPUT_SCHEMAS)[K]> };

/** What the report reads back: the same shape after validation (unknown extra fields dropped). */
export type LoadedTaskOutputs = { [K in TaskOutputName]: z.output<(typeof TASK_OUTPUT_SCHEMAS)[K]> };
