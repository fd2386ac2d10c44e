import { describe, expect, it } from "vitest";
import { chartBundle, displayChart, PLOTLY_MIME } from "./chart-display";
import { ChartRenderer } from "./chart-renderer";
import { toolSuccessByTool } from "../charts";
import { generateTraces } from "../synth";
import { loadContract } from "../contract";

const contract = loadContract();

const figure = toolSuccessByTool(generateTraces({ contract, n: 200, seed: 1 }), {
  contract,
  width: 600,
  height: 400,
});

describe("chartBundle", () => {
  it("carries the plotly JSON as data (no script, no plotly.js), the PNG at the figure's display size, and a text line", () => {
    const bundle = chartBundle(figure, "iVBORw0KGgo=");
    expect(Object.keys(bundle.data).sort()).toEqual([PLOTLY_MIME, "image/png", "text/plain"].sort());
    expect(bundle.data[PLOTLY_MIME]).toMatchObject({ data: figure.data, layout: figure.layout });
    expect(bundle.metadata["image/png"]).toEqual({ width: 600, height: 400 });
    expect(bundle.data["text/plain"]).toMatch(/^Chart: .*tool/i);
    const json = JSON.stringify(bundle);
    expect(json).not.toMatch(/<script|Plotly\.newPlot/);
    expect(json.length).toBeLessThan(20_000);
  });

  it("without an image says why, and still carries the interactive JSON", () => {
    const bundle = chartBundle(figure, undefined, "no static image: no browser");
    expect(bundle.data["image/png"]).toBeUndefined();
    expect(bundle.data[PLOTLY_MIME]).toBeDefined();
    expect(bundle.data["text/plain"]).toMatch(/no static image: no browser/);
  });
});

describe("displayChart", () => {
  it("outside a kernel prints the text line, and a missing browser is not a crash", async () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (line: string) => void lines.push(line);
    try {
      await displayChart(figure, {
        renderer: new ChartRenderer({ executablePath: "/nonexistent/chromium" }),
      });
    } finally {
      console.log = log;
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/no static image: .*\/nonexistent\/chromium/);
  });
});
