/**
 * A chart output that shows anywhere. Its display bundle carries the plotly JSON
 * (`application/vnd.plotly.v1+json`, drawn natively by VS Code, nteract and JupyterLab with the
 * plotly renderer, and safe in an untrusted notebook since it is data, not script), a PNG drawn by
 * headless Chromium (what GitHub, nbconvert and LMS previews show) and a text/plain line.
 * No plotly.js is stored in the notebook.
 */
import type { PlotlyFigure } from "../charts";
import { figureSize, sharedChartRenderer, type ChartRenderer } from "./chart-renderer";

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

export interface ChartBundle {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

const titleOf = (figure: PlotlyFigure): string => {
  const title = figure.layout.title as { text?: string } | string | undefined;
  return (typeof title === "string" ? title : title?.text) ?? "chart";
};

/** The mime bundle for `figure`, with `png` (base64) when one was rendered. */
export function chartBundle(figure: PlotlyFigure, png?: string, note?: string): ChartBundle {
  const { width, height } = figureSize(figure);
  const data: Record<string, unknown> = {
    [PLOTLY_MIME]: {
      data: figure.data,
      layout: figure.layout,
      config: { displaylogo: false, responsive: false },
    },
    "text/plain": `Chart: ${titleOf(figure)}${note ? ` (${note})` : ""}`,
  };
  const metadata: Record<string, unknown> = {};
  if (png !== undefined) {
    data["image/png"] = png;
    // Shown at the figure's size, though drawn at 2x for print.
    metadata["image/png"] = { width, height };
  }
  return { data, metadata };
}

type WriteDisplayData = (
  message: {
    data: Record<string, unknown>;
    metadata: Record<string, unknown>;
    transient: Record<string, unknown>;
  },
  update: boolean,
) => void;

/**
 * tslab's public `display` sends one mime type per output; its kernel-side writer sends a whole
 * bundle. Inside a tslab kernel, `globalThis.__tslab__.require` resolves modules as the kernel does.
 */
function kernelWriter(): WriteDisplayData | undefined {
  const kernelRequire = (globalThis as { __tslab__?: { require?: (id: string) => unknown } }).__tslab__
    ?.require;
  if (!kernelRequire) return undefined;
  try {
    return (
      (kernelRequire("tslab/dist/jupyter") as { lastWriteDisplayData?: WriteDisplayData | null })
        .lastWriteDisplayData ?? undefined
    );
  } catch {
    return undefined;
  }
}

export interface DisplayChartOptions {
  renderer?: ChartRenderer;
  /** PNG pixel density (default 2, as the report's figures). */
  scale?: number;
}

/**
 * Displays `figure` as one output (plotly JSON + PNG + text) in a tslab kernel; elsewhere it
 * prints the bundle's text line. Without a browser it still shows the plotly JSON and says why
 * there is no image.
 */
export async function displayChart(figure: PlotlyFigure, options: DisplayChartOptions = {}): Promise<void> {
  const renderer = options.renderer ?? sharedChartRenderer();
  let bundle: ChartBundle;
  try {
    bundle = chartBundle(figure, await renderer.render(figure, "png", options.scale ?? 2));
  } catch (error) {
    bundle = chartBundle(figure, undefined, `no static image: ${(error as Error).message.split("\n")[0]}`);
  }
  const write = kernelWriter();
  if (write) write({ data: bundle.data, metadata: bundle.metadata, transient: {} }, false);
  else console.log(bundle.data["text/plain"]);
}
