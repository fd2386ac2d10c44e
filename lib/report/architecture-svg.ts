/**
 * The instrumentation pipeline and the production loop as a vector SVG, drawn by code so it ships
 * with the project (report/architecture.svg, embedded in the report full width). Sampling and
 * burn-rate numbers come from the contract.
 *
 * Sized for print: the report places it 180 mm wide, so the canvas is 780 px and no text is under
 * 12.5 px (8.2 pt printed; lib/report/figure-legibility.ts checks it). Lines are kept short enough
 * to fit their boxes at that size; `architectureBoxes` exposes the boxes so a test can check it.
 */
import type { BurnAlert, Contract } from "../contract";
import { html } from "./units";

export interface ArchitectureBox {
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
export const ARCHITECTURE_WIDTH = 780;
export const ARCHITECTURE_HEIGHT = 606;
/** Font sizes in px (classes .t, .s): the smallest sets the printed size. */
export const ARCHITECTURE_TITLE_PX = 13.5;
export const ARCHITECTURE_TEXT_PX = 12.5;
const LINE = 15;

const COLOR = {
  ink: "#3b4a5a",
  config: "#6b4f9e",
  loop: "#0f766e",
  span: { fill: "#eef4fb", stroke: "#5b7ea6" },
  sink: { fill: "#f3f7ee", stroke: "#6b8f4e" },
  metric: { fill: "#fff6e8", stroke: "#b7791f" },
  alert: { fill: "#fdecea", stroke: "#b03a2e" },
  loopBox: { fill: "#e6f4f1", stroke: "#0f766e" },
  configBox: { fill: "#f6efff", stroke: "#6b4f9e", dashed: true },
};

function box(b: ArchitectureBox): string {
  const lines = b.lines ?? [];
  const height = 15 + lines.length * LINE;
  const top = b.y + (b.h - height) / 2 + 12;
  const cx = b.x + b.w / 2;
  const text = [
    `<text x="${cx}" y="${top}" class="t">${html(b.title)}</text>`,
    ...lines.map((l, i) => `<text x="${cx}" y="${top + 16 + i * LINE}" class="s">${html(l)}</text>`),
  ];
  const dash = b.dashed ? ' stroke-dasharray="5 3"' : "";
  return `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="7" fill="${b.fill ?? "#ffffff"}" stroke="${b.stroke ?? COLOR.ink}" stroke-width="1.3"${dash}/>\n${text.join("\n")}`;
}

type EdgeKind = "data" | "config" | "loop";
const MARKER: Record<EdgeKind, string> = { data: "head", config: "headConfig", loop: "headLoop" };
const STROKE: Record<EdgeKind, string> = { data: COLOR.ink, config: COLOR.config, loop: COLOR.loop };

/** A polyline with an arrowhead at its end (none when `head` is false: a shared bus). */
function edge(points: [number, number][], kind: EdgeKind = "data", head = true): string {
  const d = points.map(([x, y], i) => `${i ? "L" : "M"}${x} ${y}`).join(" ");
  const dash = kind === "config" ? ' stroke-dasharray="6 4"' : "";
  const width = kind === "loop" ? 2 : 1.6;
  return `<path d="${d}" fill="none" stroke="${STROKE[kind]}" stroke-width="${width}"${dash}${head ? ` marker-end="url(#${MARKER[kind]})"` : ""}/>`;
}

const percent = (rate: number) => `${Number((rate * 100).toFixed(2))}%`;
const burn = (name: string, a: BurnAlert) =>
  `${name} ${a.burn_rate}× over ${a.long_window} and ${a.short_window}`;

/** Every box of the diagram for a given contract, in drawing order. */
export function architectureBoxes(contract: Contract): ArchitectureBox[] {
  const prod = contract.sampling.production;
  const full = (["dev", "staging"] as const).filter((env) => contract.sampling[env].rate >= 1);
  const prodRule =
    `production: ${prod.always_on_error ? "errors + " : ""}` +
    (prod.latency_threshold_ms !== null
      ? `> ${prod.latency_threshold_ms.toLocaleString("en-US")} ms + `
      : "") +
    `${percent(prod.rate)} by trace_id hash`;
  const { page, ticket } = contract.slo_alerting;
  const ttft = contract.slos.ttft;
  const A = { x: 10, w: 230 };
  const B = { x: 298, w: 464 };
  return [
    // the user, and the service's span tree
    { x: A.x, y: 10, w: A.w, h: 52, title: "User query", lines: ["then a rating of the answer"] },
    {
      x: A.x + 12,
      y: 112,
      w: A.w - 24,
      h: 42,
      title: "root span: POST /ask",
      lines: ["one trace per request"],
      fill: "#e4ecf7",
      stroke: "#2f5d8f",
    },
    // the request's three child spans, stacked inside the service
    ...(
      [
        [160, "retrieval span", "BM25 docs, relevance 0–1"],
        [208, "tool span", "lookup_order, errors, ms"],
        [256, "LLM generation", "openai SDK; TTFT, tokens"],
      ] as const
    ).map(([y, title, line]) => ({
      x: A.x + 30,
      y,
      w: A.w - 42,
      h: 42,
      title,
      lines: [line],
      ...COLOR.span,
    })),
    {
      x: A.x + 12,
      y: 314,
      w: A.w - 24,
      h: 52,
      title: "prom-client /metrics",
      lines: ["latency, TTFT, errors, cost"],
      ...COLOR.metric,
    },
    // the loop back into the service: the eval gate between prompt versions, fed by drift
    {
      x: A.x,
      y: 398,
      w: A.w,
      h: 68,
      title: "Eval gate: npm run eval",
      lines: ["prompt v1 vs v2 on the eval set;", "exit 1 on regression"],
      ...COLOR.loopBox,
    },
    {
      x: A.x,
      y: 482,
      w: A.w,
      h: 68,
      title: "Drift by week: PSI, KS",
      lines: ["relevance, output tokens;", "drifted traces → eval set"],
      ...COLOR.loopBox,
    },
    // feedback, traces, backends
    {
      x: B.x,
      y: 10,
      w: B.w,
      h: 52,
      title: "POST /feedback: a rating for a trace_id",
      lines: ["→ Langfuse score + LangSmith feedback, same trace"],
      ...COLOR.loopBox,
    },
    {
      x: B.x,
      y: 112,
      w: B.w,
      h: 42,
      title: "Trace adapters (off the request path)",
      lines: ["fed after the response; one per hub"],
      ...COLOR.sink,
    },
    {
      x: B.x,
      y: 166,
      w: 202,
      h: 62,
      title: "Langfuse SDK v5",
      lines: ["OpenTelemetry →", "/api/public/otel/v1/traces"],
      ...COLOR.sink,
    },
    {
      x: B.x + 210,
      y: 166,
      w: 128,
      h: 62,
      title: "LangSmith SDK",
      lines: ["runs and", "feedback"],
      ...COLOR.sink,
    },
    {
      x: B.x + 346,
      y: 166,
      w: 118,
      h: 62,
      title: "OTLP",
      lines: ["exporter:", "GenAI spans"],
      ...COLOR.sink,
    },
    {
      x: B.x,
      y: 240,
      w: B.w,
      h: 62,
      title: "Local trace backend (loopback, default)",
      lines: [
        "behaves like Langfuse v4 + LangSmith; the real",
        "hubs when keys are set; DuckDB, bounded memory",
      ],
      ...COLOR.sink,
    },
    {
      x: B.x,
      y: 314,
      w: B.w,
      h: 62,
      title: "Sampler: sampleDecision(trace, contract)",
      lines: [
        full.length ? `after each request; ${full.join(" and ")} keep 100%` : "applied after each request",
        prodRule,
      ],
      ...COLOR.configBox,
    },
    { x: B.x, y: 388, w: 226, h: 46, title: "Prometheus", lines: ["real scrape, PromQL"], ...COLOR.metric },
    {
      x: B.x + 238,
      y: 388,
      w: 226,
      h: 46,
      title: "Grafana dashboard",
      lines: ["generated JSON"],
      ...COLOR.metric,
    },
    {
      x: B.x,
      y: 446,
      w: B.w,
      h: 62,
      title: "Alert rules: SLO burn rates (multiwindow)",
      lines: [
        `${burn("page", page)}; ${burn("ticket", ticket)}`,
        `availability, latency, TTFT (${ttft.objective_percent}% < ${ttft.threshold_ms} ms), quality`,
      ],
      ...COLOR.alert,
    },
    {
      x: B.x,
      y: 520,
      w: B.w,
      h: 46,
      title: "observability_contract.json",
      lines: ["names, sampling, SLOs, burn rates, eval gate, drift"],
      ...COLOR.configBox,
    },
  ];
}

/** The diagram for a given contract (its sampling rule and burn-rate alerts are printed on it). */
export function architectureSvg(contract: Contract): string {
  const W = ARCHITECTURE_WIDTH;
  const H = ARCHITECTURE_HEIGHT;
  const boxes = architectureBoxes(contract);
  const parts = [
    // the service frame and the redaction boundary drawn first, boxes on top
    `<rect x="10" y="86" width="230" height="294" rx="10" fill="#fafbfc" stroke="${COLOR.ink}" stroke-width="1.3"/>`,
    `<text x="22" y="104" class="h">RAG service (Hono)</text>`,
    `<path d="M30 154 V277 M30 181 H40 M30 229 H40 M30 277 H40" fill="none" stroke="#5b7ea6" stroke-width="1.3"/>`,
    `<rect x="250" y="86" width="36" height="294" rx="6" fill="url(#hatch)" stroke="#b03a2e" stroke-width="1.6"/>`,
    `<text transform="translate(264 233) rotate(-90)" class="r">REDACTION BOUNDARY</text>`,
    `<text transform="translate(280 233) rotate(-90)" class="r2">stripPii before any export</text>`,
    ...boxes.map(box),
    // data: the request, spans across the boundary to the adapters and on to the hubs, metrics to Prometheus
    edge([
      [200, 62],
      [200, 110],
    ]),
    `<text x="194" y="80" class="l" text-anchor="end">POST /ask</text>`,
    edge([
      [232, 133],
      [296, 133],
    ]),
    ...[400, 578, 702].map((x) =>
      edge([
        [x, 154],
        [x, 164],
      ]),
    ),
    ...[400, 578, 702].map((x) =>
      edge([
        [x, 228],
        [x, 238],
      ]),
    ),
    edge([
      [228, 340],
      [292, 340],
      [292, 411],
      [296, 411],
    ]),
    edge([
      [524, 411],
      [534, 411],
    ]),
    edge([
      [411, 434],
      [411, 444],
    ]),
    // the production loop: feedback into the hubs, drift into the eval set, the gate into the service
    edge(
      [
        [240, 36],
        [296, 36],
      ],
      "loop",
    ),
    edge(
      [
        [530, 62],
        [530, 110],
      ],
      "loop",
    ),
    edge(
      [
        [125, 482],
        [125, 468],
      ],
      "loop",
    ),
    edge(
      [
        [125, 398],
        [125, 382],
      ],
      "loop",
    ),
    // configuration: the contract sets the alerts, the sampler (right-hand bus), the eval gate and drift
    edge(
      [
        [530, 520],
        [530, 510],
      ],
      "config",
    ),
    edge(
      [
        [762, 543],
        [772, 543],
        [772, 345],
        [764, 345],
      ],
      "config",
    ),
    edge(
      [
        [298, 543],
        [268, 543],
        [268, 432],
      ],
      "config",
      false,
    ),
    edge(
      [
        [268, 432],
        [242, 432],
      ],
      "config",
    ),
    edge(
      [
        [268, 516],
        [242, 516],
      ],
      "config",
    ),
    // the legend
    `<g transform="translate(12 582)">` +
      `<path d="M0 8 H36" stroke="${COLOR.ink}" stroke-width="1.6" marker-end="url(#head)"/><text x="44" y="13" class="k">data</text>` +
      `<path d="M100 8 H136" stroke="${COLOR.loop}" stroke-width="2" marker-end="url(#headLoop)"/><text x="144" y="13" class="k">production loop</text>` +
      `<path d="M290 8 H326" stroke="${COLOR.config}" stroke-width="1.6" stroke-dasharray="6 4" marker-end="url(#headConfig)"/><text x="334" y="13" class="k">configuration</text>` +
      `<rect x="458" y="0" width="26" height="16" fill="url(#hatch)" stroke="#b03a2e"/><text x="492" y="13" class="k">redaction boundary</text></g>`,
  ];
  const marker = (id: string, color: string, size = 7) =>
    `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="${size}" markerHeight="${size}" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="${color}"/></marker>`;
  const t = ARCHITECTURE_TITLE_PX;
  const s = ARCHITECTURE_TEXT_PX;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="${FONT}">
<title>LLM observability pipeline and production loop: request, spans, redaction, trace adapters and backends, sampler, metrics, SLO burn-rate alerts, feedback, eval gate, drift</title>
<defs>
${marker("head", COLOR.ink)}
${marker("headConfig", COLOR.config)}
${marker("headLoop", COLOR.loop, 5.5)}
<pattern id="hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#fdf1ef"/><line x1="0" y1="0" x2="0" y2="8" stroke="#f0b8b0" stroke-width="3"/></pattern>
<style>
.t{font-size:${t}px;font-weight:bold;fill:#1f2933;text-anchor:middle}
.s{font-size:${s}px;fill:#3e4c59;text-anchor:middle}
.h{font-size:${t}px;font-weight:bold;fill:#1f2933}
.r{font-size:${s}px;font-weight:bold;fill:#8e2b20;text-anchor:middle;letter-spacing:0.5px}
.r2{font-size:${s}px;fill:#8e2b20;text-anchor:middle}
.l{font-size:${s}px;fill:#3e4c59}
.k{font-size:${s}px;fill:#3e4c59}
</style>
</defs>
<rect width="${W}" height="${H}" fill="#ffffff"/>
${parts.join("\n")}
</svg>
`;
}
