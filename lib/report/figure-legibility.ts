/**
 * How large a chart's text prints: the smallest font size in an SVG, scaled from its pixel width
 * to the width it is printed at. The report places charts full width and asks for ≥ 8 pt.
 */
export const MIN_PRINTED_PT = 8;
const PT_PER_MM = 72 / 25.4;

/** The smallest printed font size in points, or undefined when the SVG states no width or no font size. */
export function smallestPrintedPt(svg: string, printedWidthMm: number): number | undefined {
  const width = /<svg\b[^>]*?\swidth="([\d.]+)(?:px)?"/.exec(svg);
  const sizes = [...svg.matchAll(/font-size(?:="|:\s*)([\d.]+)(?:px)?/g)]
    .map((m) => Number(m[1]))
    .filter((n) => n > 0);
  if (!width || sizes.length === 0) return undefined;
  const mmPerPx = printedWidthMm / Number(width[1]);
  return Math.min(...sizes) * mmPerPx * PT_PER_MM;
}

/** The pixel width at which an SVG whose smallest font is `smallestPx` prints at `pt` points over `printedWidthMm`. */
export function widestExportPx(smallestPx: number, printedWidthMm: number, pt = MIN_PRINTED_PT): number {
  return Math.floor((smallestPx * printedWidthMm * PT_PER_MM) / pt);
}
