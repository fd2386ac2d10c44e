import { describe, expect, it } from "vitest";
import { FIXTURE_OUTPUTS } from "./__fixtures__/task-outputs";
import { task4Section, task4WriteUp, waterfallFile } from "./task4-section";
import { wordCount } from "../format";
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

describe("Task 4's write-up", () => {
  it("states only what the local backend measured, and with real keys says what it cannot know", () => {
    const local = task4WriteUp(t4);
    expect(local).toContain("left 3 Langfuse traces and 3 LangSmith root runs");
    expect(local).toContain("All three received the same 1,710 tokens.");
    const real = task4WriteUp({
      ...t4,
      backend: {
        local: false,
        name: "langfuse: https://cloud.langfuse.com, langsmith: https://api.smith.langchain.com",
      },
      langfuse: { traces: 0, observations: 0 },
      langsmith: { root_runs: 0, runs: 0 },
      pii_check: { values_checked: 6, raw_values_found: 0 },
      hubs: [],
      backend_summary: null,
      langsmith_wire: undefined,
    });
    expect(real).not.toMatch(/left 0|found 0 of|All three received/);
    expect(real).toContain("This run cannot read back what the vendors stored");
    expect(wordCount(real)).toBeGreaterThanOrEqual(150);
  });

  it("does not claim the hubs got the same tokens when they did not", () => {
    const hubs = t4.hubs.map((h) => (h.hub === "otlp" ? { ...h, total_tokens: 1700 } : h));
    expect(task4WriteUp({ ...t4, hubs })).toContain(
      "Langfuse received 1,710 tokens, LangSmith 1,710 and OTLP 1,700.",
    );
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
