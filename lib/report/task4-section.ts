/** Task 4, told once: Langfuse, LangSmith (and OTLP) on the same requests, as the backend received them. */
import { cellTable } from "../format";
import type { Task4Output } from "../outputs/task4-output";
import type { ReportFigure, ReportSection } from "./report-section";
import { feedbackSentence } from "./loop-sentences";
import { taskOfOutput } from "./tasks";
import { code, fixed, html, int, ofAll, plural, usd } from "./units";

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

const hubRow = (data: Task4Output, hub: string) => data.hubs.find((h) => h.hub === hub);
/** Bytes a hub's exporter put on the wire per traced request (the write-up, the hub table and the stack cost). */
export const bytesPerRequest = (hub: { wire_bytes: number }, requests: number) =>
  hub.wire_bytes / Math.max(1, requests);
const kb = (hub: { wire_bytes: number }, requests: number) =>
  `${fixed(bytesPerRequest(hub, requests) / 1024, 1)} KB`;

/** Notebook 04's write-up and the report's findings for Task 4, from `data` alone. */
export function task4WriteUp(data: Task4Output): string {
  const n = data.requests;
  const [lf, ls, ot] = [hubRow(data, "langfuse"), hubRow(data, "langsmith"), hubRow(data, "otlp")];
  const { values_checked: checked, raw_values_found: found } = data.pii_check;
  const probes = data.pii_probe.requests;
  // Notebook 04 sends a healthy request, one whose tool times out and one full of PII, then the probes.
  const mix =
    n === 3 + probes
      ? ` (a healthy one, one whose tool timed out, one full of PII and ${plural(probes, "generated PII probe")})`
      : "";
  const feedback = feedbackSentence(data).trim();
  const w = data.langsmith_wire;
  const keys =
    "**Setup effort.** Langfuse needs a public key, a secret key and a base URL; LangSmith an API key, an endpoint and `LANGSMITH_TRACING=true`, without which it sends nothing. ";
  if (!data.backend.local) {
    // The run cannot read back what the vendors stored: say what was sent and how each hub models it, no counts.
    return [
      `**What was sent.** ${plural(n, "request")}${mix} went to ${code(data.backend.name)}. This run cannot read back what the vendors stored, so the trace counts, the wire comparison and the search for planted values need a run on the local backend (no keys).`,
      `${keys}Both SDKs batch in the background and flush, bounded, at shutdown; export runs after the response is sent.`,
      "**Data models.** Langfuse makes each request one trace with typed observations (RETRIEVER, TOOL, GENERATION with usage and cost, EVENT for markers); LangSmith makes a tree of runs (chain, retriever, tool, llm) linked by `parent_run_id`. Both are keyed by our trace id: LangSmith as the root run's id, Langfuse as its 32 hex digits.",
      "**Token cost.** Langfuse has first-class `usage_details` and `cost_details` on each GENERATION; LangSmith reads `usage_metadata` and prices from `ls_model_name` unless given cost fields, which the adapter sends. OTLP carries tokens in `gen_ai.usage.*` and cost only in a custom attribute: the GenAI conventions define none.",
      ...(feedback ? [feedback] : []),
    ].join("\n\n");
  }
  const arrived =
    `**What arrived.** ${plural(n, "request")}${mix} left ${plural(data.langfuse.traces, "Langfuse trace")} and ${plural(data.langsmith.root_runs, "LangSmith root run")}. ` +
    `The timed-out tool's span arrived with level ${html(data.tool_error.level)}. A search of every byte received found ${ofAll(found, checked)} planted sensitive values` +
    (data.backend_summary === null
      ? "."
      : `; the backend rejected ${int(data.backend_summary.rejected_requests)} of the SDKs' requests.`);
  if (!lf || !ls || !ot || !w)
    return [
      arrived,
      "A hub was off in this run, so the three are not compared here.",
      ...(feedback ? [feedback] : []),
    ].join("\n\n");
  const v4 = data.langfuse_v4;
  const v4Strict =
    v4 !== undefined &&
    v4.legacy_events_sent > 0 &&
    v4.legacy_events_rejected === v4.legacy_events_sent &&
    v4.otel_spans_accepted === v4.otel_spans_sent;
  const setup =
    keys +
    `Langfuse's span processor posted ${plural(lf.http_requests, "OTLP request")}. ` +
    (v4
      ? `${v4Strict ? "That is the only way into" : "On"} a Langfuse ${html(v4.server_version)} server (\`${html(v4.write_mode)}\`): for ${plural(v4.requests, "request")}, ` +
        `${ofAll(v4.legacy_events_rejected, v4.legacy_events_sent)} of the v3 SDK's ingestion events were rejected${v4.legacy_rejection ? ` (${html(v4.legacy_rejection)})` : ""} and ${ofAll(v4.otel_spans_accepted, v4.otel_spans_sent)} OTLP spans accepted. `
      : "") +
    `LangSmith probed \`GET /info\` ${w.info_probes === 1 ? "once" : `${int(w.info_probes)} times`} to pick its wire format, then sent ${plural(ls.http_requests, "request")} with ${plural(w.creates, "run create")} and ${plural(w.updates, "update")}. ` +
    `Per request: ${kb(lf, n)} to Langfuse, ${kb(ls, n)} to LangSmith.`;
  const foundById =
    lf.traces_found === n && ls.traces_found === n
      ? `Each hub found all ${int(n)} requests by our trace id: LangSmith as the root run's id, Langfuse as its 32 hex digits.`
      : `Found by our trace id: ${int(lf.traces_found)} of ${int(n)} in Langfuse, ${int(ls.traces_found)} in LangSmith.`;
  const models =
    `**Data models.** Per request, Langfuse made one trace with ${fixed(lf.nodes_per_trace - 1, 1)} typed observations (${html(lf.node_kinds.replace(/^TRACE, /, ""))}); ` +
    `LangSmith made ${fixed(ls.nodes_per_trace, 1)} runs (${html(ls.node_kinds)}), a tree from \`parent_run_id\`. ${foundById}`;
  const sameTokens = lf.total_tokens === ls.total_tokens && ls.total_tokens === ot.total_tokens;
  const cost =
    (sameTokens
      ? `**Token cost.** All three received the same ${int(lf.total_tokens)} tokens. `
      : `**Token cost.** Langfuse received ${int(lf.total_tokens)} tokens, LangSmith ${int(ls.total_tokens)} and OTLP ${int(ot.total_tokens)}. `) +
    "Langfuse has first-class `usage_details` and `cost_details` on each GENERATION; " +
    `LangSmith reads \`usage_metadata\` and prices from \`ls_model_name\` unless given cost fields${ls.cost_usd === undefined ? " (none here)" : ", as here"}. ` +
    `OTLP carries tokens in \`gen_ai.usage.*\`${ot.cost_usd === undefined ? " and no cost" : ", cost only in a custom attribute"}: the GenAI conventions define none.`;
  return [arrived, setup, models, cost, ...(feedback ? [feedback] : [])].join("\n\n");
}

export function task4Section(data: Task4Output, extras: Task4Extras = {}): ReportSection {
  const { local, name: backend } = data.backend;
  const n = data.requests;
  // Node kinds and where tokens and cost travel are in the write-up above; the table holds the counts.
  const hubTable = cellTable(
    [
      "hub",
      "traces",
      "HTTP requests",
      "KB / request",
      "items sent / request",
      "nodes / request",
      "tokens",
      "cost",
    ],
    data.hubs.map((h) => [
      html(hubName(h.hub)),
      int(h.traces_found),
      int(h.http_requests),
      fixed(bytesPerRequest(h, n) / 1024, 1),
      fixed(h.items_per_trace, 1),
      fixed(h.nodes_per_trace, 1),
      int(h.total_tokens),
      h.cost_usd === undefined ? "no field" : usd(h.cost_usd),
    ]),
    { className: "compact half" },
  );
  const tree = extras.waterfall
    ? ""
    : extras.treeExcerpt
      ? `\n\n<figure class="tree"><pre>${html(extras.treeExcerpt.text)}</pre><figcaption>Trace tree of the request whose tool timed out, as the backend received it ` +
        `(one line per observation; attributes omitted — the full printout is ${code(extras.treeExcerpt.file)}).</figcaption></figure>`
      : "";
  return {
    task: 4,
    title: taskOfOutput("task4_tracing").title,
    approach:
      "Option C: the real Langfuse (JS SDK v5, over OpenTelemetry) and LangSmith SDKs, plus a plain OTLP exporter with the GenAI conventions, trace the same requests under the `/ask` trace_id. " +
      "Each is a small adapter fed the redacted record after the response is sent, so export is off the request path. With no keys, a loopback backend (its Langfuse side as strict as a v4 server) receives exactly what the SDKs send.",
    observations: `${task4WriteUp(data)}\n\n${hubTable}${tree}`,
    simulated: [
      local
        ? "The trace hubs: with no Langfuse or LangSmith keys, the SDKs sent their real HTTP requests to a local loopback backend, not to the vendors' clouds; the hub comparison is measured on what it received."
        : `The trace backend: traces went to the real services (${code(backend)}).`,
    ],
    figures: extras.waterfall ? [extras.waterfall] : [],
  };
}
