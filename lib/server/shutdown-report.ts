/**
 * The one line the service prints when it stops: what was drained, and per trace sink what
 * was delivered and exactly what was lost, by number and cause. A sink only reads "delivered
 * everything" when it lost nothing at all; a flush that merely returned in time does not count.
 */
import type { LossReport } from "../tracing/tracing-sink";
import type { CloseReport } from "./start";

const causes = (counts: Record<string, number>) =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(", ");

/** `langsmith: 1500 traces, 9000 items delivered; LOST 12 items (timeout 12)`. */
export function describeLoss(loss: LossReport): string {
  const head = `${loss.sink}: ${loss.records} trace(s), ${loss.items_sent} item(s) delivered`;
  if (loss.complete) return `${head}, nothing lost`;
  const items = Object.values(loss.items_dropped).reduce((a, b) => a + b, 0);
  const records = Object.values(loss.records_dropped).reduce((a, b) => a + b, 0);
  const parts = [
    items ? `${items} item(s) (${causes(loss.items_dropped)})` : "",
    records ? `${records} whole trace(s) (${causes(loss.records_dropped)})` : "",
  ].filter(Boolean);
  return `${head}; LOST ${parts.join(" and ")}`;
}

export function describeShutdown(report: CloseReport): string {
  const lines = [
    `stopped: ${report.drained ? "every in-flight request finished" : "unfinished requests were cut at the drain deadline"}`,
  ];
  for (const loss of report.losses) lines.push(`  ${describeLoss(loss)}`);
  const complete = report.losses.filter((l) => l.complete).length;
  if (report.losses.length)
    lines.push(`  ${complete}/${report.losses.length} trace sink(s) delivered everything`);
  const other = report.flushed.filter((f) => !report.losses.some((l) => l.sink === f.sink));
  const failed = other.filter((f) => f.result.code !== "SUCCESS");
  if (other.length)
    lines.push(
      `  other sinks: ${other.length - failed.length}/${other.length} flushed${failed.length ? `; failed: ${failed.map((f) => `${f.sink} (${f.result.code === "FAILED" ? f.result.error : ""})`).join(", ")}` : ""}`,
    );
  const threw = causes(report.sink_errors);
  if (threw) lines.push(`  records a sink threw on (not delivered to it): ${threw}`);
  return lines.join("\n");
}
