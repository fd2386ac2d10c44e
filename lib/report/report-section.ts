/** What each task contributes to the report. Every number inside comes from that task's output file. */
export interface ReportFigure {
  /** Base name of the chart file, e.g. "task5_latency_histogram". */
  name: string;
  /** A sentence or two; numbers in it come from the outputs. */
  caption: string;
  /** Path of the SVG (preferred, vector) or PNG on disk. */
  file: string;
  /** Lower is more important: when the pages run out, the report leaves out the highest numbers first. */
  priority: number;
}

export interface ReportSection {
  task: number;
  title: string;
  /** Markdown: what was chosen and why; absent when the write-up already opens with it. */
  approach?: string;
  /** Markdown (may hold HTML tables): what the run showed, numbers interpolated from the output. */
  observations: string;
  /** Plain sentences for the "what was simulated" statement, from the output's own flags. */
  simulated: string[];
  /** Full-width figures placed after the observations. */
  figures?: ReportFigure[];
  /** Markdown or HTML placed after the figures (tables that read best next to the charts). */
  afterFigures?: string;
}
