/** Task 4 in the report: Langfuse, LangSmith (and OTLP) on the same requests, as the backend received them. */
import type { ReportSection } from "./report-section";
import { table } from "./report-section";
import type { TaskOutput } from "./task-output";
import { code, fixed, html, int, usd } from "./units";

/** Field paths in data/outputs/task4_tracing.json. */
export const TASK4_FIELDS = {
  /** True when the loopback backend received the traces (no vendor keys set). */
  localBackend: "backend.local",
  /** Where traces went, e.g. "local loopback trace backend (http://127.0.0.1:…)" or the cloud URLs. */
  backendName: "backend.name",
  requests: "requests",
  langfuseTraces: "langfuse.traces",
  langfuseObservations: "langfuse.observations",
  langsmithRootRuns: "langsmith.root_runs",
  langsmithRuns: "langsmith.runs",
  /** Raw sensitive values searched for in every byte the backend received (single PII request + probe batch). */
  rawValuesChecked: "pii_check.values_checked",
  rawValuesFound: "pii_check.raw_values_found",
  probeRequests: "pii_probe.requests",
  toolErrorLevel: "tool_error.level",
  /** Array of lib/tracing/hub-comparison.ts rows, one per hub. */
  hubs: "hubs",
  hub: {
    name: "hub",
    traces: "traces_found",
    httpRequests: "http_requests",
    wireBytes: "wire_bytes",
    itemsPerTrace: "items_per_trace",
    nodesPerTrace: "nodes_per_trace",
    nodeKinds: "node_kinds",
    cost: "cost_usd",
    usageField: "usage_field",
  },
  /** null when traces went to real services. */
  rejectedRequests: "backend_summary.rejected_requests",
  /** The same requests sent to a Langfuse v4 emulation (events_only) as v3 ingestion events and as OTLP spans. */
  langfuseV4: {
    serverVersion: "langfuse_v4.server_version",
    requests: "langfuse_v4.requests",
    legacyEventsSent: "langfuse_v4.legacy_events_sent",
    legacyEventsRejected: "langfuse_v4.legacy_events_rejected",
    legacyRejection: "langfuse_v4.legacy_rejection",
    otelSpansSent: "langfuse_v4.otel_spans_sent",
    otelSpansAccepted: "langfuse_v4.otel_spans_accepted",
    otelTracesStored: "langfuse_v4.otel_traces_stored",
  },
};

const HUB_NAMES: Record<string, string> = { langfuse: "Langfuse (OTel)", langsmith: "LangSmith", otlp: "OTLP (GenAI conv.)" };

export function task4Section(out: TaskOutput): ReportSection {
  const F = TASK4_FIELDS;
  const H = F.hub;
  const local = out.bool(F.localBackend);
  const backend = out.str(F.backendName);
  const url = /\((https?:[^)]+)\)/.exec(backend)?.[1];
  // A URL as inline code: GFM would autolink it and swallow a following escaped parenthesis.
  const where = local ? `the local loopback trace backend${url ? ` at ${code(url)}` : ""}` : code(backend);
  const requests = out.num(F.requests);
  const probes = out.num(F.probeRequests);
  const [checked, found] = [out.num(F.rawValuesChecked), out.num(F.rawValuesFound)];
  const hubs = out.items(F.hubs);
  const hubTable = table(
    ["hub", "traces", "HTTP requests", "KB per request", "items sent / request", "nodes / request", "node kinds", "tokens and cost travel in"],
    hubs.map((h) => {
      const name = h.str(H.name);
      const cost = h.has(H.cost) ? ` (${usd(h.num(H.cost))} total)` : " (no cost field)";
      return [
        html(HUB_NAMES[name] ?? name),
        int(h.num(H.traces)),
        int(h.num(H.httpRequests)),
        fixed(h.num(H.wireBytes) / 1024 / requests, 1),
        fixed(h.num(H.itemsPerTrace), 1),
        fixed(h.num(H.nodesPerTrace), 1),
        html(h.str(H.nodeKinds)),
        html(h.str(H.usageField)) + cost,
      ];
    }),
    "compact",
  );
  const rejected = out.get(F.rejectedRequests) === null ? "" : ` The backend rejected ${int(out.num(F.rejectedRequests))} of the SDKs' requests.`;
  const V = F.langfuseV4;
  const v4 = out.has(V.legacyEventsSent)
    ? ` Sent to a Langfuse ${html(out.str(V.serverVersion))} emulation in its default write mode (\`events_only\`), the same ${int(out.num(V.requests))} requests as the v3 SDK's ingestion events had ${int(out.num(V.legacyEventsRejected))} of ${int(out.num(V.legacyEventsSent))} events rejected (${html(out.str(V.legacyRejection))}); as OTLP spans, ${int(out.num(V.otelSpansAccepted))} of ${int(out.num(V.otelSpansSent))} were accepted and stored as ${int(out.num(V.otelTracesStored))} traces.`
    : "";
  return {
    task: 4,
    title: out.info.title,
    approach:
      "Option C: the real Langfuse (JS SDK v5, over OpenTelemetry) and LangSmith SDKs, plus a plain OTLP exporter with the GenAI semantic conventions, trace the same requests to the running service, all under the `/ask` trace_id. " +
      "Each is a small adapter behind one `TraceAdapter` interface, fed the redacted record after the response is sent, so export is off the request path; the SDKs batch in the background and a bounded flush runs at shutdown. " +
      "Langfuse gets a trace with a RETRIEVER, a TOOL per tool call, a GENERATION with token usage and cost, and EVENTs for markers such as retries and tool errors; LangSmith gets a chain run with retriever, tool and llm children. " +
      "Values are redacted before the SDKs see them and again in their hooks (Langfuse `mask`; LangSmith `hideInputs`/`hideOutputs`/`hideMetadata`/`anonymizer`). " +
      "With no keys, a loopback backend that speaks all three ingestion protocols (its Langfuse side as strict as a current Langfuse v4 server) receives exactly what the SDKs send, and the trace trees are printed from what it received.",
    observations:
      `${int(requests)} request${requests === 1 ? "" : "s"} (a healthy one, one whose tool timed out, one full of PII and ${int(probes)} generated PII probe${probes === 1 ? "" : "s"}) reached ${where}. ` +
      `Langfuse stored ${int(out.num(F.langfuseTraces))} traces with ${int(out.num(F.langfuseObservations))} observations; LangSmith ${int(out.num(F.langsmithRootRuns))} root runs, ${int(out.num(F.langsmithRuns))} runs in all. ` +
      `The timed-out tool's span arrived with level ${html(out.str(F.toolErrorLevel))}. ` +
      `Of the ${int(checked)} raw sensitive values planted in the PII requests, a search of every byte the backend received found ${int(found)}.${rejected}${v4}\n\n${hubTable}`,
    simulated: [
      local
        ? `The trace backend: no Langfuse or LangSmith keys were set, so the SDKs sent their real HTTP requests to a local loopback backend the notebook started${url ? ` at ${code(url)}` : ""}, not to the vendors' clouds; the hub comparison is measured on what that backend received.`
        : `The trace backend: traces went to the real services (${code(backend)}).`,
    ],
  };
}
