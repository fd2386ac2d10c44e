/** What each task contributes to the report. Every number inside comes from that task's output file. */
export interface ReportSection {
  task: number;
  title: string;
  /** Markdown: what was chosen and why. */
  approach: string;
  /** Markdown (may hold HTML tables): what the run showed, numbers interpolated from the output. */
  observations: string;
  /** Plain sentences for the "what was simulated" statement, from the output's own flags. */
  simulated: string[];
}

/** A small HTML table; cells are already-formatted, already-escaped strings. */
export function table(head: readonly string[], rows: readonly (readonly string[])[], className = ""): string {
  const cls = className ? ` class="${className}"` : "";
  const th = head.map((h) => `<th>${h}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("");
  return `<table${cls}><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}
