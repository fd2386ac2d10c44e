import { describe, expect, it } from "vitest";
import { smallestPrintedPt, widestExportPx } from "./figure-legibility";

describe("smallestPrintedPt", () => {
  it("scales the smallest font from the SVG's pixel width to the printed width", () => {
    // 900 px over 180 mm: 1 px = 0.2 mm = 0.567 pt, so 11 px prints at 6.2 pt.
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="900" height="500"><text style="font-size: 13px">a</text><text style="font-size: 11px">b</text></svg>';
    expect(smallestPrintedPt(svg, 180)).toBeCloseTo(6.24, 2);
    expect(smallestPrintedPt('<svg width="700px"><text font-size="12">x</text></svg>', 180)).toBeGreaterThan(
      8,
    );
  });

  it("knows nothing without a width or a font size", () => {
    expect(
      smallestPrintedPt('<svg viewBox="0 0 10 10"><text font-size="12">x</text></svg>', 180),
    ).toBeUndefined();
    expect(smallestPrintedPt('<svg width="900"><rect/></svg>', 180)).toBeUndefined();
  });

  it("says how wide to export for 8 pt", () => {
    expect(widestExportPx(11, 180)).toBe(701);
    expect(
      smallestPrintedPt(`<svg width="${widestExportPx(11, 180)}"><text font-size="11">x</text></svg>`, 180),
    ).toBeGreaterThanOrEqual(8);
  });
});
