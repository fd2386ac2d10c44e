/**
 * Text trees drawn from what the backend RECEIVED (merged events), never from the objects the
 * service built: the hierarchy shown is the one a real Langfuse or LangSmith would display.
 * - Langfuse: TRACE -> SPAN / GENERATION / EVENT (nested by `parentObservationId`).
 * - LangSmith: chain -> retriever / llm / tool (nested by `parent_run_id`).
 * - OTLP: spans nested by `parentSpanId`, GenAI attributes shown.
 */
import type { Fields, LangfuseTraceView, LangSmithRun, OtlpSpan, TraceStore } from "./trace-store";
import { otelTraceId } from "../trace-id";

export interface TreeNode {
  title: string;
  lines: string[];
  children: TreeNode[];
}

/** Draws a tree with box characters; detail lines sit under their node's title. */
export function formatTree(root: TreeNode): string {
  const out: string[] = [root.title];
  const walk = (node: TreeNode, prefix: string) => {
    node.children.forEach((child, i) => {
      const last = i === node.children.length - 1;
      out.push(`${prefix}${last ? "└─ " : "├─ "}${child.title}`);
      const inner = prefix + (last ? "   " : "│  ");
      for (const line of child.lines) out.push(`${inner}${child.children.length ? "│  " : "   "}${line}`);
      walk(child, inner);
    });
  };
  for (const line of root.lines) out.push(`${root.children.length ? "│ " : "  "}${line}`);
  walk(root, "");
  return out.join("\n");
}

/** Whole milliseconds, but one decimal under 10 ms so sub-millisecond steps do not read as "0 ms". */
/** A duration: timestamps carry whole milliseconds, so a sub-millisecond step reads "<1 ms", not "0 ms". */
const dur = (n: number) => (n === 0 ? "<1 ms" : ms(n));
const ms = (n: number) =>
  !Number.isFinite(n)
    ? "? ms"
    : Math.abs(n) < 10 && !Number.isInteger(n)
      ? `${n.toFixed(1)} ms`
      : `${Math.round(n)} ms`;
const time = (v: unknown): number =>
  typeof v === "number" ? v : typeof v === "string" ? Date.parse(v) : NaN;
const short = (value: unknown, max = 90): string => {
  // A failed tool has no output: say so rather than print "undefined".
  if (value === undefined) return "(none)";
  const s = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
};
const kv = (fields: Fields | undefined): string =>
  Object.entries(fields ?? {})
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : short(v, 40)}`)
    .join(" ");
const usd = (n: unknown) => (typeof n === "number" ? `$${n.toFixed(7)}` : "?");

/** `docs: kb/refunds.md (1.00), ...` from any `documents` / `docs` list carrying sources and scores. */
function docsLine(output: unknown): string | undefined {
  const list =
    (output as { documents?: unknown[]; docs?: unknown[] } | undefined)?.documents ??
    (output as { docs?: unknown[] } | undefined)?.docs;
  if (!Array.isArray(list)) return undefined;
  const items = list.map((d) => {
    const doc = d as {
      source?: string;
      relevance_score?: number;
      metadata?: { source?: string; relevance_score?: number };
    };
    const source = doc.source ?? doc.metadata?.source ?? "?";
    const score = doc.relevance_score ?? doc.metadata?.relevance_score;
    return typeof score === "number" ? `${source} (${score.toFixed(2)})` : source;
  });
  return `docs: ${items.length ? items.join(", ") : "none"}`;
}

/** Metadata as the service set it: Langfuse's OTel mapping adds the resource and scope, shown once per trace at most. */
const ownMetadata = (metadata: unknown): Fields => {
  const { resourceAttributes: _r, scope: _s, ...own } = (metadata ?? {}) as Fields;
  return own;
};

export function langfuseTree(view: LangfuseTraceView): TreeNode {
  const trace = view.trace ?? {};
  const start = time(trace.timestamp);
  const ends = view.observations.map((o) => time(o.endTime ?? o.startTime)).filter(Number.isFinite);
  const latency =
    typeof (trace.metadata as Fields | undefined)?.latency_ms === "number"
      ? ((trace.metadata as Fields).latency_ms as number)
      : Math.max(...ends) - start;
  const rel = (v: unknown) => `+${ms(time(v) - start)}`;
  const byParent = new Map<string, typeof view.observations>();
  for (const o of view.observations) {
    const parent = typeof o.parentObservationId === "string" ? o.parentObservationId : "";
    byParent.set(parent, [...(byParent.get(parent) ?? []), o]);
  }
  const node = (o: (typeof view.observations)[number]): TreeNode => {
    const head = [`${o.type} ${o.name ?? "(unnamed)"}`];
    if (o.type === "GENERATION" && o.model) head.push(String(o.model));
    head.push(
      o.type === "EVENT"
        ? `at ${rel(o.startTime)}`
        : `${rel(o.startTime)} → ${dur(time(o.endTime) - time(o.startTime))}`,
    );
    if (o.level && o.level !== "DEFAULT")
      head.push(`${o.level}${o.statusMessage ? ` "${o.statusMessage}"` : ""}`);
    const lines: string[] = [];
    if (o.type === "GENERATION") {
      const u = (o.usageDetails ?? o.usage ?? {}) as Fields;
      const c = (o.costDetails ?? {}) as Fields;
      const ttft = o.completionStartTime
        ? ` · TTFT ${ms(time(o.completionStartTime) - time(o.startTime))}`
        : "";
      lines.push(
        `usage: input ${u.input ?? "?"} · output ${u.output ?? "?"} · total ${u.total ?? "?"} tokens · cost ${usd(c.total)} (in ${usd(c.input)}, out ${usd(c.output)})${ttft}`,
      );
      if (o.modelParameters) lines.push(`model parameters: ${kv(o.modelParameters as Fields)}`);
    }
    const docs = docsLine(o.output);
    if (docs) lines.push(`input: ${short(o.input, 70)} · ${docs}`);
    else if (o.type !== "EVENT") lines.push(`input: ${short(o.input, 60)} · output: ${short(o.output, 60)}`);
    lines.push(`metadata: ${kv(ownMetadata(o.metadata))}`);
    return { title: head.join(" · "), lines, children: children(o.id) };
  };
  const children = (parent: string) =>
    (byParent.get(parent) ?? []).sort((a, b) => time(a.startTime) - time(b.startTime)).map(node);
  return {
    title: `TRACE ${trace.name ?? "(no trace-create received)"} · ${ms(latency)} · user ${trace.userId ?? "-"} · id ${view.id}`,
    lines: [
      `tags: ${((trace.tags as string[]) ?? []).join(" ")}`,
      `metadata: ${kv(ownMetadata(trace.metadata))}`,
      `input: ${short(trace.input)} · output: ${short(trace.output)}`,
    ],
    children: children(""),
  };
}

export function langsmithTree(runs: LangSmithRun[]): TreeNode | undefined {
  const root = runs.find((r) => !r.parent_run_id);
  if (!root) return undefined;
  const start = time(root.start_time);
  const node = (run: LangSmithRun, isRoot: boolean): TreeNode => {
    const meta = ((run.extra as Fields | undefined)?.metadata ?? {}) as Fields;
    const head = [`${run.run_type} ${run.name}`];
    if (run.run_type === "llm") head.push(`${meta.ls_provider ?? "?"}/${meta.ls_model_name ?? "?"}`);
    head.push(
      isRoot
        ? ms(time(run.end_time) - start)
        : `+${ms(time(run.start_time) - start)} → ${dur(time(run.end_time) - time(run.start_time))}`,
    );
    if (run.error) head.push(`ERROR ${short(run.error, 60)}`);
    if (isRoot) head.push(`run ${run.id}`);
    const lines: string[] = [];
    if (isRoot) lines.push(`tags: ${((run.tags as string[]) ?? []).join(" ")}`);
    const outputs = run.outputs as Fields | undefined;
    const usage = (outputs?.usage_metadata ?? meta.usage_metadata) as Fields | undefined;
    if (usage)
      lines.push(
        `usage_metadata: input ${usage.input_tokens} · output ${usage.output_tokens} · total ${usage.total_tokens} tokens${usage.total_cost !== undefined ? ` · cost ${usd(usage.total_cost)}` : ""}`,
      );
    const docs = docsLine(outputs);
    lines.push(
      docs
        ? `inputs: ${short(run.inputs, 70)} · ${docs}`
        : `inputs: ${short(run.inputs, 60)} · outputs: ${short(outputs, 60)}`,
    );
    lines.push(`metadata: ${kv(meta)}`);
    const events = (run.events as { name?: string; time?: string }[] | undefined) ?? [];
    for (const e of events) lines.push(`event ${e.name} at +${ms(time(e.time) - start)}`);
    const kids = runs
      .filter((r) => r.parent_run_id === run.id)
      .sort((a, b) => String(a.dotted_order).localeCompare(String(b.dotted_order)));
    return { title: head.join(" · "), lines, children: kids.map((k) => node(k, false)) };
  };
  return node(root, true);
}

export function otlpTree(spans: OtlpSpan[]): TreeNode | undefined {
  const ids = new Set(spans.map((s) => s.spanId));
  const root = spans.find((s) => !s.parentSpanId || !ids.has(s.parentSpanId));
  if (!root) return undefined;
  const node = (span: OtlpSpan): TreeNode => {
    const a = span.attributes;
    const head = [
      `span ${span.name}`,
      span === root
        ? ms(span.end_ms - span.start_ms)
        : `+${ms(span.start_ms - root.start_ms)} → ${dur(span.end_ms - span.start_ms)}`,
    ];
    if (span.status.code === 2) head.push(`ERROR ${short(span.status.message ?? "", 60)}`);
    const genai = Object.fromEntries(Object.entries(a).filter(([k]) => k.startsWith("gen_ai.")));
    const rest = Object.fromEntries(Object.entries(a).filter(([k]) => !k.startsWith("gen_ai.")));
    const lines = [Object.keys(genai).length ? `gen_ai: ${kv(genai)}` : "", `attributes: ${kv(rest)}`].filter(
      Boolean,
    );
    for (const e of span.events) lines.push(`event ${e.name} at +${ms(e.time_ms - root.start_ms)}`);
    const kids = spans.filter((s) => s.parentSpanId === span.spanId).sort((x, y) => x.start_ms - y.start_ms);
    return { title: head.join(" · "), lines, children: kids.map(node) };
  };
  const tree = node(root);
  tree.title = `${tree.title} · trace ${root.traceId} · service ${root.resource["service.name"] ?? "?"}`;
  return tree;
}

export type TraceProtocol = "langfuse" | "langsmith" | "otlp";

/**
 * One trace as the backend sees it, drawn as text. `id` is the workbook's `trace_id`, which
 * every adapter carries: Langfuse's trace id, LangSmith's root `metadata.trace_id` (LangSmith
 * mints its own time-ordered run ids), the OTLP trace id (the UUID without dashes).
 */
export function renderTrace(store: TraceStore, protocol: TraceProtocol, id: string): string | undefined {
  if (protocol === "langfuse") {
    // Over OTLP, Langfuse names the trace by its OTel id: the workbook UUID without dashes.
    const view = store.langfuseTrace(id);
    return view ? formatTree(langfuseTree(view)) : undefined;
  }
  if (protocol === "langsmith") {
    const runs = store.langsmithRuns();
    const root = runs.find(
      (r) =>
        r.id === id ||
        (!r.parent_run_id &&
          ((r.extra as Fields | undefined)?.metadata as Fields | undefined)?.trace_id === id),
    );
    if (!root) return undefined;
    const tree = langsmithTree(runs.filter((r) => (r.trace_id ?? r.id) === (root.trace_id ?? root.id)));
    return tree ? formatTree(tree) : undefined;
  }
  const tree = otlpTree(store.otlpSpans(otelTraceId(id)));
  return tree ? formatTree(tree) : undefined;
}
