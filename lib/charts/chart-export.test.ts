import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exportCharts } from "./chart-export";
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
const hasChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].some((p) =>
  existsSync(p),
);

describe("exportCharts", () => {
  // Skipped only off CI: .ci/setup installs the tool, so in CI a missing one fails the test.
  it.skipIf(!hasChromium && !process.env.CI)(
    "writes a PNG at the fixed size x scale and an SVG with headless Chromium",
    async () => {
      const outDir = mkdtempSync(join(tmpdir(), "charts-"));
      const renderer = new ChartRenderer();
      const shown = await renderer.render(figure, "png", 2); // what a notebook displayed first
      const result = await exportCharts({ tool_success: figure }, { outDir, scale: 2, renderer });
      expect(result).toMatchObject({ ok: true });
      const png = readFileSync(join(outDir, "tool_success.png"));
      expect(png.subarray(1, 4).toString()).toBe("PNG");
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 800]);
      const svg = readFileSync(join(outDir, "tool_success.svg"), "utf8");
      expect(svg).toMatch(/^<svg[^>]+width="600" height="400"/);
      expect(svg).toContain("order_lookup");
      // One browser for the display and both exports; the file is the displayed image, byte for byte.
      expect(renderer.launches).toBe(1);
      expect(png.toString("base64")).toBe(shown);
      await renderer.close();
    },
    60_000,
  );

  it("skips with a clear message, not a crash, when no browser is found", async () => {
    const result = await exportCharts(
      { tool_success: figure },
      { outDir: mkdtempSync(join(tmpdir(), "charts-")), executablePath: "/nonexistent/chromium" },
    );
    expect(result).toMatchObject({ ok: false, skipped: true, files: [] });
    expect(result.message).toMatch(/skipped.*\/nonexistent\/chromium/);
  });
});
