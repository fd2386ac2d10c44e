/** Task 4 in the report: Langfuse, LangSmith (and OTLP) on the same requests, as the backend received them. */
import { cellTable } from "../format";
import type { Task4Output } from "../outputs/task4-output";
import type { ReportFigure, ReportSection } from "./report-section";
import { feedbackSentence } from "./loop-sentences";
import { taskOfOutput } from "./tasks";
import { code, fixed, html, int, ofAll, usd } from "./units";

const HUB_NAMES: Record<string, string> = {
  langfuse: "Langfuse (OTel)",
  langsmith: "LangSmith",
  otlp: "OTLP (GenAI conv.)",
};

/** A hub's display name ("langsmith" → "LangSmith"); unknown hubs keep their id. */
export const hubName = (hub: string) => HUB_NAMES[hub] ?? hub;

export interface Task4Extras {
  /** A span waterfall chart of this run (report/figures/…waterfall…), shown in place of a tree. */
  waterfall?: ReportFigure;
  /** Otherwise: a trace-tree skeleton from data/samples (see traceTreeExcerpt). */
  treeExcerpt?: { file: string; text: string };
}

/** The waterfall chart among the files notebook 04 says it exported, if any (the hook for the span timeline). */
export function waterfallFile(data: Task4Output): string | undefined {
  const files = (data.figures ?? []).filter((f) => /waterfall/i.test(f));
  return files.find((f) => f.endsWith(".svg")) ?? files.find((f) => f.endsWith(".png"));
}

export function task4Section(data: Task4Output, extras: Task4Extras = {}): ReportSection {
  const { local, name: backend } = data.backend;
  const url = /\((https?:[^)]+)\)/.exec(backend)?.[1];
  // A URL as inline code: GFM would autolink it and swallow a following escaped parenthesis.
  const where = local ? `the local loopback trace backend${url ? ` at ${code(url)}` : ""}` : code(backend);
  const n = data.requests;
  const hubTable = cellTable(
    [
      "hub",
      "traces",
      "HTTP requests",
      "KB / request",
      "items sent / request",
      "nodes / request",
      "node kinds",
      "tokens and cost travel in",
    ],
    data.hubs.map((h) => [
      html(hubName(h.hub)),
      int(h.traces_found),
      int(h.http_requests),
      fixed(h.wire_bytes / 1024 / Math.max(1, n), 1),
      fixed(h.items_per_trace, 1),
      fixed(h.nodes_per_trace, 1),
      html(h.node_kinds),
      html(h.usage_field) + (h.cost_usd === undefined ? " (no cost field)" : ` (${usd(h.cost_usd)} total)`),
    ]),
    { className: "compact" },
  );
  const rejected =
    data.backend_summary === null
      ? ""
      : ` The backend rejected ${int(data.backend_summary.rejected_requests)} of the SDKs' requests.`;
  const { values_checked: checked, raw_values_found: found } = data.pii_check;
  const tree = extras.waterfall
    ? ""
    : extras.treeExcerpt
      ? `\n\n<figure class="tree"><pre>${html(extras.treeExcerpt.text)}</pre><figcaption>Trace tree of the request whose tool timed out, as the backend received it ` +
        `(one line per observation; attributes omitted — the full printout is ${code(extras.treeExcerpt.file)}).</figcaption></figure>`
      : "";
  const v4 = data.langfuse_v4
    ? ` Sent to a Langfuse ${html(data.langfuse_v4.server_version)} emulation in its default write mode (\`events_only\`), the same ${int(data.langfuse_v4.requests)} requests as the v3 SDK's ingestion events had ${ofAll(data.langfuse_v4.legacy_events_rejected, data.langfuse_v4.legacy_events_sent)} events rejected (${html(data.langfuse_v4.legacy_rejection)}); as OTLP spans, ${ofAll(data.langfuse_v4.otel_spans_accepted, data.langfuse_v4.otel_spans_sent)} were accepted and stored as ${int(data.langfuse_v4.otel_traces_stored)} traces.`
    : "";
  return {
    task: 4,
    title: taskOfOutput("task4_tracing").title,
    approach:
      "Option C: the real Langfuse (JS SDK v5, over OpenTelemetry) and LangSmith SDKs, plus a plain OTLP exporter with the GenAI semantic conventions, trace the same requests to the running service, all under the `/ask` trace_id. " +
      "Each is a small adapter behind one `TraceAdapter` interface, fed the redacted record after the response is sent, so export is off the request path; the SDKs batch in the background and a bounded flush runs at shutdown. " +
      "Langfuse gets a trace with a RETRIEVER, a TOOL per tool call, a GENERATION with token usage and cost, and EVENTs for markers such as retries and tool errors; LangSmith gets a chain run with retriever, tool and llm children. " +
      "Values are redacted before the SDKs see them and again in their hooks (Langfuse `mask`; LangSmith `hideInputs`/`hideOutputs`/`hideMetadata`/`anonymizer`). " +
      "With no keys, a loopback backend that speaks all three ingestion protocols (its Langfuse side as strict as a current Langfuse v4 server) receives exactly what the SDKs send, and the trace trees are printed from what it received.",
    observations:
      `${int(n)} request${n === 1 ? "" : "s"} (a healthy one, one whose tool timed out, one full of PII and ${int(data.pii_probe.requests)} generated PII probe${data.pii_probe.requests === 1 ? "" : "s"}) reached ${where}. ` +
      `Langfuse stored ${int(data.langfuse.traces)} traces with ${int(data.langfuse.observations)} observations; LangSmith ${int(data.langsmith.root_runs)} root runs, ${int(data.langsmith.runs)} runs in all. ` +
      `The timed-out tool's span arrived with level ${html(data.tool_error.level)}. ` +
      `Of the ${int(checked)} raw sensitive values planted in the PII requests, a search of every byte the backend received found ${int(found)}.${rejected}${v4}${feedbackSentence(data)}\n\n${hubTable}${tree}`,
    simulated: [
      local
        ? "The trace hubs: with no Langfuse or LangSmith keys, the SDKs sent their real HTTP requests to a local loopback backend, not to the vendors' clouds; the hub comparison is measured on what it received."
        : `The trace backend: traces went to the real services (${code(backend)}).`,
    ],
    figures: extras.waterfall ? [extras.waterfall] : [],
  };
}
