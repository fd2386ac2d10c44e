/**
 * The eval set (`data/eval/queries.jsonl`): user questions with the facts a correct answer
 * states. Bad lines are returned with their line numbers, never dropped silently.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { CustomerTierSchema, formatIssues } from "../schema";
import { jsonlLines } from "../jsonl";
import { packagePath } from "../package-root";
import type { ExpectedFact } from "../quality";

export const EvalQuerySchema = z.object({
  id: z.string().min(1, "must not be empty"),
  query: z.string().min(1, "must not be empty"),
  expected_facts: z
    .array(z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]))
    .min(1, "must list at least one fact"),
  topic: z.string().optional(),
  customer_tier: CustomerTierSchema.optional(),
  user_id: z.string().optional(),
  /** Marks the query Task 1 compares v1 and v2 on. */
  task1: z.boolean().optional(),
});

export type EvalQuery = z.infer<typeof EvalQuerySchema>;

/** The eval set inside the package (`loadEvalSet()` reads it from the package root, wherever the process runs). */
export const DEFAULT_EVAL_PATH = "data/eval/queries.jsonl";

export interface EvalSet {
  queries: EvalQuery[];
  rejected: { line: number; errors: string[] }[];
}

export function parseEvalSet(text: string): EvalSet {
  const queries: EvalQuery[] = [];
  const rejected: EvalSet["rejected"] = [];
  for (const entry of jsonlLines(text)) {
    if (entry.ok === false) {
      rejected.push({ line: entry.line, errors: [entry.error] });
      continue;
    }
    const result = EvalQuerySchema.safeParse(entry.data);
    if (result.success) queries.push(result.data);
    else rejected.push({ line: entry.line, errors: formatIssues(result.error.issues, entry.data) });
  }
  return { queries, rejected };
}

/** Reads an eval set: the package's by default; a `path` the caller passes resolves like any file path. */
export function loadEvalSet(path: string = packagePath(DEFAULT_EVAL_PATH)): EvalSet {
  return parseEvalSet(readFileSync(path, "utf8"));
}

/** A lookup from query text (trimmed, case-insensitive) to its expected facts, for `createApp({ expectedFacts })`. */
export function expectedFactsLookup(
  queries: readonly EvalQuery[],
): (query: string) => readonly ExpectedFact[] | undefined {
  const byQuery = new Map(queries.map((q) => [q.query.trim().toLowerCase(), q.expected_facts] as const));
  return (query) => byQuery.get(query.trim().toLowerCase());
}
