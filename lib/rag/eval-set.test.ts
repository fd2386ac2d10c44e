import { describe, expect, it } from "vitest";
import { expectedFactsLookup, loadEvalSet, parseEvalSet } from "./eval-set";

describe("eval set", () => {
  const { queries, rejected } = loadEvalSet();

  it("has at least 30 valid queries and no rejected lines", () => {
    expect(rejected).toEqual([]);
    expect(queries.length).toBeGreaterThanOrEqual(30);
    expect(new Set(queries.map((q) => q.id)).size).toBe(queries.length);
  });

  it("marks exactly one Task 1 query, with at least 3 expected facts", () => {
    const task1 = queries.filter((q) => q.task1);
    expect(task1).toHaveLength(1);
    expect(task1[0].expected_facts.length).toBeGreaterThanOrEqual(3);
  });

  it("reports bad lines with their line numbers instead of dropping them", () => {
    const set = parseEvalSet(
      ['{"id":"a","query":"q","expected_facts":["x"]}', "not json", '{"id":"b","query":"q"}', ""].join("\n"),
    );
    expect(set.queries.map((q) => q.id)).toEqual(["a"]);
    expect(set.rejected.map((r) => r.line)).toEqual([2, 3]);
    expect(set.rejected[1].errors).toEqual(["expected_facts: is required"]);
  });

  it("looks facts up by query text, ignoring case and surrounding spaces", () => {
    const lookup = expectedFactsLookup(queries);
    expect(lookup(`  ${queries[1].query.toUpperCase()} `)).toEqual(queries[1].expected_facts);
    expect(lookup("something else")).toBeUndefined();
  });
});
