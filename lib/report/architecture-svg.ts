/**
 * The instrumentation pipeline as a vector SVG, drawn by code so it ships with the project
 * (report/architecture.svg, embedded in the report). Sampling numbers come from the contract.
 */
import type { Contract } from "../contract";
import { html } from "./units";

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  title: string;
  lines?: string[];
  fill?: string;
  stroke?: string;
  dashed?: boolean;
}

const FONT = "DejaVu Sans, Verdana, sans-serif";

function box(b: Box): string {
  const lines = b.lines ?? [];
  const height = 16 + lines.length * 14;
  const top = b.y + (b.h - height) / 2 + 12;
  const cx = b.x + b.w / 2;
  const text = [`<text x="${cx}" y="${top}" class="t">${html(b.title)}</text>`, ...lines.map((l, i) => `<text x="${cx}" y="${top + 16 + i * 14}" class="s">${html(l)}</text>`)];
  const dash = b.dashed ? ' stroke-dasharray="5 3"' : "";
  return `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="7" fill="${b.fill ?? "#ffffff"}" stroke="${b.stroke ?? "#3b4a5a"}" stroke-width="1.3"${dash}/>\n${text.join("\n")}`;
}

function arrow(points: [number, number][], options: { dashed?: boolean; label?: string; color?: string } = {}): string {
  const d = points.map(([x, y], i) => `${i ? "L" : "M"}${x} ${y}`).join(" ");
  const dash = options.dashed ? ' stroke-dasharray="6 4"' : "";
  const color = options.color ?? (options.dashed ? "#6b4f9e" : "#3b4a5a");
  const marker = options.dashed ? "url(#headDashed)" : "url(#head)";
  let label = "";
  if (options.label) {
    const [[x1, y1], [x2, y2]] = [points[0], points[1]];
    label = `<text x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 5}" class="l">${html(options.label)}</text>`;
  }
  return `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.6"${dash} marker-end="${marker}"/>${label}`;
}

const percent = (rate: number) => `${Number((rate * 100).toFixed(2))}%`;

/** The diagram for a given contract (its production sampling rule is printed on the sampler). */
export function architectureSvg(contract: Contract): string {
  const prod = contract.sampling.production;
  const full = (["dev", "staging"] as const).filter((env) => contract.sampling[env].rate >= 1);
  const prodRule =
    `production: ${prod.always_on_error ? "errors + " : ""}` +
    (prod.latency_threshold_ms !== null ? `traces > ${prod.latency_threshold_ms.toLocaleString("en-US")} ms + ` : "") +
    `${percent(prod.rate)} by trace_id hash`;
  const span = { fill: "#eef4fb", stroke: "#5b7ea6" };
  const sink = { fill: "#f3f7ee", stroke: "#6b8f4e" };
  const parts = [
    // the request and the service's span tree
    box({ x: 10, y: 35, w: 140, h: 50, title: "User query", lines: ["HTTP POST /ask"] }),
    `<rect x="175" y="10" width="330" height="380" rx="10" fill="#fafbfc" stroke="#3b4a5a" stroke-width="1.3"/>`,
    `<text x="190" y="30" class="h">RAG service (Hono)</text>`,
    box({ x: 190, y: 40, w: 300, h: 44, title: "Trace: root span /ask", lines: ["one per request, zod TraceSchema"], fill: "#e4ecf7", stroke: "#2f5d8f" }),
    box({ x: 225, y: 96, w: 265, h: 40, title: "retrieval span", lines: ["BM25 docs + relevance 0–1"], ...span }),
    box({ x: 225, y: 146, w: 265, h: 40, title: "tool span", lines: ["lookup_order: success, error, ms"], ...span }),
    box({ x: 225, y: 196, w: 265, h: 40, title: "LLM generation", lines: ["openai SDK: real API or simulator"], ...span }),
    box({ x: 225, y: 246, w: 265, h: 40, title: "events", lines: ["retry, tool_error, low_retrieval_score"], ...span }),
    `<path d="M205 84 V266 M205 116 H225 M205 166 H225 M205 216 H225 M205 266 H225" fill="none" stroke="#5b7ea6" stroke-width="1.3"/>`,
    box({ x: 190, y: 318, w: 300, h: 50, title: "metrics for every request", lines: ["latency, errors, tools, cost, quality"], fill: "#fff6e8", stroke: "#b7791f" }),
    arrow([[150, 60], [188, 60]]),
    // the redaction boundary everything crosses
    `<rect x="528" y="10" width="62" height="380" rx="6" fill="url(#hatch)" stroke="#b03a2e" stroke-width="1.6"/>`,
    `<text transform="translate(555 200) rotate(-90)" class="r">REDACTION BOUNDARY</text>`,
    `<text transform="translate(572 200) rotate(-90)" class="r2">stripPii, then adapters + SDK hooks</text>`,
    arrow([[490, 62], [613, 62]]),
    arrow([[490, 343], [613, 343]]),
    // traces: adapters, SDKs, backend
    box({ x: 615, y: 40, w: 430, h: 44, title: "Trace adapters (off the request path)", lines: ["fed after the response; one TraceAdapter per hub"], fill: "#f3f7ee", stroke: "#6b8f4e" }),
    box({ x: 615, y: 104, w: 138, h: 52, title: "Langfuse SDK v3", lines: ["trace + observations"], ...sink }),
    box({ x: 761, y: 104, w: 138, h: 52, title: "LangSmith SDK", lines: ["chain + child runs"], ...sink }),
    box({ x: 907, y: 104, w: 138, h: 52, title: "OTLP exporter", lines: ["OTel GenAI spans"], ...sink }),
    box({ x: 615, y: 176, w: 430, h: 56, title: "Local trace backend (loopback, the default)", lines: ["or Langfuse / LangSmith / OTLP endpoints when keys are set;", "trace trees rendered from what it received"], ...sink }),
    arrow([[684, 84], [684, 102]]),
    arrow([[830, 84], [830, 102]]),
    arrow([[976, 84], [976, 102]]),
    arrow([[684, 156], [684, 174]]),
    arrow([[830, 156], [830, 174]]),
    arrow([[976, 156], [976, 174]]),
    // the sampler: the contract's rule, applied by the trace adapters once a request has finished
    box({
      x: 615,
      y: 242,
      w: 430,
      h: 66,
      title: "Sampler: sampleDecision(trace, contract)",
      lines: [...(full.length ? [`${full.join(" and ")}: keep 100%`] : []), prodRule, "the trace adapters apply it after each request; Task 6 measures it"],
      fill: "#f6efff",
      stroke: "#6b4f9e",
      dashed: true,
    }),
    // metrics: Prometheus, Grafana, alerts
    box({ x: 615, y: 315, w: 205, h: 56, title: "prom-client /metrics", lines: ["histogram, counters, gauge"], fill: "#fff6e8", stroke: "#b7791f" }),
    box({ x: 840, y: 315, w: 205, h: 56, title: "Prometheus", lines: ["real scrape; PromQL p95, rates"], fill: "#fff6e8", stroke: "#b7791f" }),
    box({ x: 615, y: 405, w: 205, h: 56, title: "Alert rules", lines: ["from contract thresholds"], fill: "#fdecea", stroke: "#b03a2e" }),
    box({ x: 840, y: 405, w: 205, h: 56, title: "Grafana dashboard", lines: ["generated JSON, five metrics"], fill: "#fff6e8", stroke: "#b7791f" }),
    arrow([[820, 343], [838, 343]]),
    arrow([[942, 371], [942, 403]]),
    arrow([[860, 371], [790, 403]]),
    // the contract configures sampler and alerts
    box({ x: 615, y: 495, w: 430, h: 56, title: "observability_contract.json", lines: ["names, tags, required fields, sampling, retention, thresholds, prices"], fill: "#f6efff", stroke: "#6b4f9e", dashed: true }),
    arrow([[717, 495], [717, 463]], { dashed: true }),
    arrow([[1045, 523], [1064, 523], [1064, 275], [1047, 275]], { dashed: true }),
    // the notebooks and the report, and the legend
    box({ x: 10, y: 418, w: 495, h: 70, title: "Notebooks 01–06 (tslab)", lines: ["live requests, trace batches, MetricsCollector, charts, sampler", "→ data/outputs/*.json, report/figures → this report and the zip"], fill: "#f7f7f7", stroke: "#777777" }),
    `<g transform="translate(18 512)"><path d="M0 8 H40" stroke="#3b4a5a" stroke-width="1.6" marker-end="url(#head)"/><text x="48" y="12" class="k">data</text>` +
      `<path d="M110 8 H150" stroke="#6b4f9e" stroke-width="1.6" stroke-dasharray="6 4" marker-end="url(#headDashed)"/><text x="158" y="12" class="k">configuration</text>` +
      `<rect x="270" y="0" width="26" height="16" fill="url(#hatch)" stroke="#b03a2e"/><text x="304" y="12" class="k">redaction boundary</text></g>`,
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1080 560" width="1080" height="560" font-family="${FONT}">
<title>LLM observability pipeline: request, spans, redaction, trace adapters and backends, sampler, metrics, alerts</title>
<defs>
<marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#3b4a5a"/></marker>
<marker id="headDashed" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#6b4f9e"/></marker>
<pattern id="hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#fdf1ef"/><line x1="0" y1="0" x2="0" y2="8" stroke="#f0b8b0" stroke-width="3"/></pattern>
<style>
.t{font-size:13.5px;font-weight:bold;fill:#1f2933;text-anchor:middle}
.s{font-size:11.5px;fill:#3e4c59;text-anchor:middle}
.h{font-size:13.5px;font-weight:bold;fill:#1f2933}
.r{font-size:12.5px;font-weight:bold;fill:#8e2b20;text-anchor:middle;letter-spacing:0.5px}
.r2{font-size:11.5px;fill:#8e2b20;text-anchor:middle}
.l{font-size:11px;fill:#3e4c59;text-anchor:middle}
.k{font-size:11.5px;fill:#3e4c59}
</style>
</defs>
<rect width="1080" height="560" fill="#ffffff"/>
${parts.join("\n")}
</svg>
`;
}
