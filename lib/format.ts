/**
 * Small renderers for notebook output: HTML tables for `tslab.display.html`, Markdown for
 * write-ups whose numbers are interpolated from the run. No logic a test cannot reach.
 */
export type Row = Record<string, unknown>;

/** Escapes text for HTML, so values are shown, never interpreted. The one escaper of notebooks and report. */
export const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Formats a cell: numbers to at most `digits` decimals, objects as compact JSON, null/undefined as "—". */
export function formatCell(value: unknown, digits = 2): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return String(value);
    return Number.isInteger(value)
      ? value.toLocaleString("en-US")
      : value.toLocaleString("en-US", { maximumFractionDigits: digits });
  }
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

export interface CellTableOptions {
  /** CSS class of the table (the report styles by class). */
  className?: string;
  /** Plain text, escaped here. */
  caption?: string;
  /** Inline style for header and body cells (notebook front ends ignore the report's CSS). */
  cellStyle?: { th?: string; td?: string };
}

/** An HTML table from header and body cells that are already formatted and escaped (they may hold markup). */
export function cellTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  options: CellTableOptions = {},
): string {
  const attr = (style: string | undefined) => (style ? ` style="${style}"` : "");
  const th = head.map((h) => `<th${attr(options.cellStyle?.th)}>${h}</th>`).join("");
  const body = rows
    .map((r) => `<tr>${r.map((c) => `<td${attr(options.cellStyle?.td)}>${c}</td>`).join("")}</tr>`)
    .join("\n");
  const cls = options.className ? ` class="${options.className}"` : "";
  const caption = options.caption
    ? `<caption style="text-align:left">${escapeHtml(options.caption)}</caption>`
    : "";
  return `<table${cls}>${caption}<thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** An HTML table over `rows`; columns default to the keys of the first row. */
export function htmlTable(
  rows: readonly Row[],
  columns?: readonly string[],
  options: { digits?: number; caption?: string } = {},
): string {
  const cols = columns ?? Object.keys(rows[0] ?? {});
  return cellTable(
    cols.map(escapeHtml),
    rows.map((row) => cols.map((c) => escapeHtml(formatCell(row[c], options.digits)))),
    {
      caption: options.caption,
      cellStyle: { th: "text-align:left", td: "text-align:left;vertical-align:top" },
    },
  );
}

/** A GitHub-flavoured Markdown table over `rows`. */
export function markdownTable(
  rows: readonly Row[],
  columns?: readonly string[],
  options: { digits?: number } = {},
): string {
  const cols = columns ?? Object.keys(rows[0] ?? {});
  const cell = (v: unknown) => formatCell(v, options.digits).replace(/\|/g, "\\|").replace(/\n/g, " ");
  return [
    `| ${cols.join(" | ")} |`,
    `| ${cols.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${cols.map((c) => cell(r[c])).join(" | ")} |`),
  ].join("\n");
}

/** "availability" → "Availability": a word or sentence with its first letter upper case. */
export const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Word count of a write-up, so a notebook can show it is within the assignment's limits. */
export function wordCount(text: string): number {
  return text
    .replace(/<[^>]*>/g, " ")
    .replace(/[#*_`|>-]+/g, " ")
    .split(/\s+/)
    .filter((w) => /[A-Za-z0-9]/.test(w)).length;
}
