/**
 * A trace-tree printout (data/samples/task4_trace_tree_*.txt) cut to its skeleton for the report:
 * one line per node (kind, name, timing, error), without the attribute lines under each node, and
 * each line clipped, so it stays legible at page width. The full printout stays in the samples.
 */
const ATTRIBUTE_LINE = /^[│|\s]*[a-z][a-z _]*:\s/;

export function traceTreeExcerpt(
  printout: string,
  options: { section?: string; maxLines?: number; width?: number } = {},
): string {
  const { maxLines = 12, width = 118 } = options;
  const plain = printout.replace(/\x1b\[[0-9;]*m/g, "");
  // Prefer the named part (e.g. "--- tool error ---"), which shows a failed step.
  const marker = options.section ? plain.indexOf(`--- ${options.section} ---`) : -1;
  const body = marker >= 0 ? plain.slice(plain.indexOf("\n", marker) + 1) : plain;
  const nodes = body
    .split("\n")
    .filter((line) => line.trim() !== "" && !ATTRIBUTE_LINE.test(line))
    .map((line) => (line.length > width ? `${line.slice(0, width - 1)}…` : line));
  return nodes.length > maxLines
    ? [...nodes.slice(0, maxLines), `… (${nodes.length - maxLines} more nodes)`].join("\n")
    : nodes.join("\n");
}
