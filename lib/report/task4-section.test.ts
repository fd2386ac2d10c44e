import { describe, expect, it } from "vitest";
import { FIXTURE_OUTPUTS } from "./__fixtures__/task-outputs";
import { task4Section, waterfallFile } from "./task4-section";
import { traceTreeExcerpt } from "./trace-tree-excerpt";

const t4 = FIXTURE_OUTPUTS.task4_tracing;

describe("Task 4's picture of one trace", () => {
  it("finds a span waterfall among the charts notebook 04 exported, preferring the SVG", () => {
    expect(waterfallFile(t4)).toBeUndefined();
    expect(
      waterfallFile({
        ...t4,
        figures: ["report/figures/task4_span_waterfall.png", "report/figures/task4_span_waterfall.svg"],
      }),
    ).toBe("report/figures/task4_span_waterfall.svg");
    expect(waterfallFile({ ...t4, figures: ["report/figures/task4_hub_bytes.svg"] })).toBeUndefined();
  });

  it("shows the waterfall when there is one, else the tree's skeleton as text", () => {
    const waterfall = {
      name: "task4_span_waterfall",
      caption: "Span waterfall",
      file: "/x.svg",
      priority: 0,
    };
    const withChart = task4Section(t4, { waterfall });
    expect(withChart.figures).toEqual([waterfall]);
    expect(withChart.observations).not.toContain("<pre>");
    const withTree = task4Section(t4, {
      treeExcerpt: { file: "data/samples/t.txt", text: "TRACE a\n├─ SPAN b" },
    });
    expect(withTree.figures).toEqual([]);
    expect(withTree.observations).toContain("<pre>TRACE a\n├─ SPAN b</pre>");
  });
});

describe("traceTreeExcerpt", () => {
  const printout = [
    "TRACE ask · 1227 ms · id 1",
    "│ tags: env:dev",
    "├─ SPAN retrieval · +0 ms",
    '│     input: {"query":"x"}',
    "",
    "--- tool error ---",
    "TRACE ask · 2067 ms · id 2",
    "│ metadata: environment=dev",
    '├─ SPAN tool.lookup_order · ERROR "timed out"',
    "│     model parameters: temperature=0.2",
    "└─ EVENT event.tool_error · ERROR",
  ].join("\n");

  it("keeps one line per node of the named part, dropping attribute lines", () => {
    expect(traceTreeExcerpt(printout, { section: "tool error" })).toBe(
      'TRACE ask · 2067 ms · id 2\n├─ SPAN tool.lookup_order · ERROR "timed out"\n└─ EVENT event.tool_error · ERROR',
    );
  });

  it("clips long lines and counts the nodes it leaves out", () => {
    const out = traceTreeExcerpt(printout, { width: 12, maxLines: 2 });
    expect(out.split("\n")).toEqual(["TRACE ask ·…", "├─ SPAN ret…", "… (4 more nodes)"]);
  });
});
