/**
 * `data/outputs/task4_tracing.json`, written by notebook 04: the same requests traced to
 * Langfuse, LangSmith and OTLP, counted from what the backend received.
 */
import { z } from "zod";

const count = z.number().int().nonnegative();
const amount = z.number().finite().nonnegative();

/** One hub's row of lib/tracing/hub-comparison.ts. */
export const HubRowSchema = z.object({
  hub: z.string(),
  traces_found: count,
  http_requests: count,
  /** Bytes on the wire, compressed where the SDK compressed. */
  wire_bytes: count,
  items_per_trace: amount,
  nodes: count,
  nodes_per_trace: amount,
  node_kinds: z.string(),
  total_tokens: count,
  /** Absent when the hub has no cost field. */
  cost_usd: amount.optional(),
  usage_field: z.string(),
});

export const Task4OutputSchema = z.object({
  /** `local` is true when the loopback backend received the traces (no vendor keys set). */
  backend: z.object({ local: z.boolean(), name: z.string() }),
  seed: z.number().int().optional(),
  requests: count,
  langfuse: z.object({ traces: count, observations: count }),
  langsmith: z.object({ root_runs: count, runs: count }),
  /** Raw sensitive values searched for in every byte the backend received. */
  pii_check: z.object({ values_checked: count, raw_values_found: count }),
  tool_error: z.object({ level: z.string() }),
  pii_probe: z.object({ requests: count, planted_values: count, leaked: count }),
  hubs: z.array(HubRowSchema),
  /** The local backend's own counters; null when traces went to the real services. */
  backend_summary: z.object({ rejected_requests: count }).nullable(),
  /** LangSmith on the wire: its `GET /info` probes, and the run creates and updates it sent (absent with real keys). */
  langsmith_wire: z.object({ info_probes: count, creates: count, updates: count }).optional(),
  /**
   * Chart files notebook 04 exported (paths relative to the project root), e.g. a span waterfall
   * `report/figures/task4_span_waterfall.svg`. The report shows a waterfall from here in place of
   * the trace-tree printouts; absent in runs that export none.
   */
  figures: z.array(z.string()).optional(),
  /** Notebook 04's POST /feedback run: scores and feedback as the backend received them. */
  feedback: z
    .object({
      requests: count,
      accepted: count,
      known: count,
      unknown: count,
      langfuse_score: z.string(),
      langsmith_feedback: z.string(),
      planted_values: count,
      raw_values_found: count,
      lost: count,
      dropped: count,
      /** This run's traces in the local trace store, and the candidate eval cases promoted from them. */
      promotion: z
        .object({
          store_traces: count,
          with_feedback: count,
          candidates: count,
          thumbs_down: count,
          low_quality: count,
        })
        .optional(),
    })
    .optional(),
  /** The same requests sent to a Langfuse v4 emulation (events_only): v3 ingestion events vs OTLP spans. */
  langfuse_v4: z
    .object({
      server_version: z.string(),
      write_mode: z.string(),
      requests: count,
      legacy_events_sent: count,
      legacy_events_rejected: count,
      legacy_rejection: z.string(),
      legacy_traces_stored: count,
      otel_spans_sent: count,
      otel_spans_accepted: count,
      otel_traces_stored: count,
      score_accepted: z.boolean(),
    })
    .optional(),
});

export type Task4Output = z.input<typeof Task4OutputSchema>;
