/**
 * The span waterfall (Gantt) of one trace, drawn from the OTLP spans a trace backend received:
 * the request, retrieval, each tool call, and the LLM call split into time to first token and
 * decode. Spans are recognised by what they do (`gen_ai.operation.name`, retrieval attributes),
 * never by their names, which change with the conventions (`llm.generation` became `chat {model}`).
 */
import { axis, baseLayout, type PlotlyFigure } from "../charts";
import { otelTraceId } from "../trace-id";

/** The span fields this needs: what `TraceStore.otlpSpans()` returns (OTLP JSON flattened, times in ms). */
export interface WaterfallSpan {
  traceId?: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  start_ms: number;
  end_ms: number;
  attributes: Record<string, unknown>;
  status?: { code: number; message?: string };
}

export type WaterfallKind = "request" | "retrieval" | "tool" | "llm-ttft" | "llm-decode" | "llm" | "span";

export interface WaterfallRow {
  /** The row's label (one row per span; the LLM's two segments share one row). */
  row: string;
  kind: WaterfallKind;
  /** Offset from the trace's first span, ms. */
  start_ms: number;
  duration_ms: number;
  failed: boolean;
  span_name: string;
}

const LLM_OPERATIONS = new Set(["chat", "text_completion", "generate_content"]);
const OPERATION = "gen_ai.operation.name";

/** Time to first token of an LLM span, in ms: the conventions' `gen_ai.response.time_to_first_chunk` (seconds), or the older `llm.ttft_ms`. */
export function ttftMs(attributes: Record<string, unknown>): number | undefined {
  const seconds = attributes["gen_ai.response.time_to_first_chunk"];
  if (typeof seconds === "number" && Number.isFinite(seconds)) return seconds * 1000;
  const ms = attributes["llm.ttft_ms"];
  return typeof ms === "number" && Number.isFinite(ms) ? ms : undefined;
}

function kindOf(span: WaterfallSpan, isRoot: boolean): "request" | "retrieval" | "tool" | "llm" | "span" {
  if (isRoot) return "request";
  const operation = span.attributes[OPERATION];
  if (typeof operation === "string" && LLM_OPERATIONS.has(operation)) return "llm";
  if (operation === "execute_tool") return "tool";
  if (operation === "retrieval" || Object.keys(span.attributes).some((k) => k.startsWith("retrieval.")))
    return "retrieval";
  return "span";
}

function labelOf(span: WaterfallSpan, kind: ReturnType<typeof kindOf>): string {
  const a = span.attributes;
  if (kind === "request") return `request (${span.name})`;
  if (kind === "tool") return `tool ${String(a["gen_ai.tool.name"] ?? span.name)}`;
  if (kind === "llm")
    return `LLM ${String(a["gen_ai.request.model"] ?? a["gen_ai.response.model"] ?? span.name)}`;
  if (kind === "retrieval") return "retrieval";
  return span.name;
}

/** The waterfall's rows for one trace (all of `spans`, or those of `traceId`), in start order. */
export function waterfallRows(
  spans: readonly WaterfallSpan[],
  options: { traceId?: string } = {},
): WaterfallRow[] {
  const wanted = options.traceId === undefined ? undefined : otelTraceId(options.traceId);
  const mine = spans
    .filter((s) => wanted === undefined || s.traceId === wanted)
    .sort((a, b) => a.start_ms - b.start_ms || a.spanId.localeCompare(b.spanId));
  if (mine.length === 0) return [];
  const ids = new Set(mine.map((s) => s.spanId));
  const t0 = Math.min(...mine.map((s) => s.start_ms));
  const rows: WaterfallRow[] = [];
  const seen = new Map<string, number>();
  for (const span of mine) {
    const kind = kindOf(span, !span.parentSpanId || !ids.has(span.parentSpanId));
    let row = labelOf(span, kind);
    // Two calls of one tool get two rows.
    const n = (seen.get(row) ?? 0) + 1;
    seen.set(row, n);
    if (n > 1) row = `${row} #${n}`;
    const start = span.start_ms - t0;
    const duration = Math.max(0, span.end_ms - span.start_ms);
    const failed = span.status?.code === 2;
    const base = { row, start_ms: start, failed, span_name: span.name };
    const ttft = kind === "llm" ? ttftMs(span.attributes) : undefined;
    if (kind === "llm" && ttft !== undefined && ttft <= duration) {
      rows.push({ ...base, kind: "llm-ttft", duration_ms: ttft });
      rows.push({ ...base, kind: "llm-decode", start_ms: start + ttft, duration_ms: duration - ttft });
    } else {
      rows.push({ ...base, kind, duration_ms: duration });
    }
  }
  return rows;
}

const KIND_STYLE: Record<WaterfallKind, { name: string; color: string }> = {
  request: { name: "request", color: "#9ca3af" },
  retrieval: { name: "retrieval", color: "#2563eb" },
  tool: { name: "tool call", color: "#16a34a" },
  "llm-ttft": { name: "LLM: time to first token", color: "#f59e0b" },
  "llm-decode": { name: "LLM: decode", color: "#ea580c" },
  llm: { name: "LLM (no TTFT recorded)", color: "#ea580c" },
  span: { name: "other span", color: "#a78bfa" },
};

/** A horizontal Gantt of one trace's spans; a failed span is outlined in red. */
export function spanWaterfall(
  spans: readonly WaterfallSpan[],
  options: { traceId?: string; title?: string; width?: number; height?: number } = {},
): PlotlyFigure {
  const rows = waterfallRows(spans, options);
  const order = [...new Set(rows.map((r) => r.row))];
  const kinds = (Object.keys(KIND_STYLE) as WaterfallKind[]).filter((k) => rows.some((r) => r.kind === k));
  const total = rows.reduce((m, r) => Math.max(m, r.start_ms + r.duration_ms), 0);
  const data = kinds.map((kind) => {
    const mine = rows.filter((r) => r.kind === kind);
    return {
      type: "bar",
      orientation: "h",
      name: KIND_STYLE[kind].name,
      y: mine.map((r) => r.row),
      x: mine.map((r) => r.duration_ms),
      base: mine.map((r) => r.start_ms),
      text: mine.map((r) => `${Math.round(r.duration_ms)} ms${r.failed ? " (failed)" : ""}`),
      textposition: "auto",
      marker: {
        color: KIND_STYLE[kind].color,
        line: { color: mine.map((r) => (r.failed ? "#dc2626" : "rgba(0,0,0,0)")), width: 2 },
      },
      hovertemplate: "%{y}: %{base:.0f} → %{x:.0f} ms<extra>" + KIND_STYLE[kind].name + "</extra>",
    };
  });
  return {
    data,
    layout: baseLayout(
      options.title ?? `Span waterfall of one trace (${Math.round(total)} ms)`,
      { width: options.width, height: options.height ?? Math.max(280, 160 + 44 * order.length) },
      {
        barmode: "overlay",
        margin: { l: 20, r: 30, t: 100, b: 60 },
        xaxis: axis("ms since the request started", { range: [0, total * 1.04 || 1] }),
        yaxis: {
          categoryorder: "array",
          categoryarray: order,
          autorange: "reversed",
          type: "category",
          automargin: true,
        },
        // Above the plot, under the title: below it the legend would collide with the axis title.
        legend: { orientation: "h", y: 1.02, yanchor: "bottom", x: 0 },
      },
    ),
  };
}
