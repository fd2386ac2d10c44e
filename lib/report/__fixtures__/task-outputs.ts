/**
 * Realistic stand-ins for data/outputs/*.json, typed as the notebooks write them, used
 * only by tests in a temporary directory (never written to the real data/outputs).
 */
import type { TaskOutputs } from "../../outputs/task-outputs";

// Declared as a plain value first, like the notebooks' variables: rows carry the extra fields lib/
// computes (medians, queries, …) that the schemas do not declare, and the assignment below still
// checks every declared field.
const outputs = {
  task1_gap: {
    llm: "answered by the embedded simulator (no OPENAI_API_KEY)",
    query_id: "q07",
    expected_facts: ["14 days", "5-7 business days", "original payment method"],
    single_query: {
      v1: {
        http_status: 200, quality_score: 33.3, trace_id: "5f0c7a57-54b8-4c0e-9f3e-1d2a3b4c5d6e", prompt_version: "v1.0", prompt_hash: "a3803bf61f75", model: "gpt-4o-mini", simulated: true,
        top_retrieval_score: 0.82, retrieval_scores: [0.82, 0.64, 0.41], retrieved_sources: ["data/kb/refund-policy.md", "data/kb/refund-requests.md", "data/kb/pro-plan.md"],
        prompt_tokens: 610, completion_tokens: 140, total_tokens: 750, cost_usd: 0.0001755, tool_outcome: "lookup_order: ok (88 ms)", attempts: 1, events: [],
        retrieval_ms: 0.8, tool_ms: 88.2, ttft_ms: 341, decode_ms: 1880.4, total_ms: 2310.6, error: null,
      },
      v2: {
        http_status: 200, quality_score: 100, trace_id: "6a1d8b68-65c9-4d1f-8a4f-2e3b4c5d6e7f", prompt_version: "v2.1", prompt_hash: "afedb3d451ad", model: "gpt-4o-mini", simulated: true,
        top_retrieval_score: 0.82, retrieval_scores: [0.82, 0.64, 0.41], retrieved_sources: ["data/kb/refund-policy.md", "data/kb/refund-requests.md", "data/kb/pro-plan.md"],
        prompt_tokens: 602, completion_tokens: 64, total_tokens: 666, cost_usd: 0.0001287, tool_outcome: "lookup_order: ok (91 ms)", attempts: 1, events: [],
        retrieval_ms: 0.5, tool_ms: 91, ttft_ms: null, decode_ms: null, total_ms: 1190.2, error: null,
      },
    },
    eval_set: {
      queries: 32,
      summary: [
        { prompt_version: "v1.0", requests: 32, http_200_pct: 100, mean_quality: 46.1, median_quality: 33.3, all_facts_pct: 12.5, no_facts_pct: 40.6, histogram: [{ bucket: "0-19", count: 13 }, { bucket: "80-100", count: 4 }] },
        { prompt_version: "v2.1", requests: 32, http_200_pct: 100, mean_quality: 91.4, median_quality: 100, all_facts_pct: 81.3, no_facts_pct: 3.1, histogram: [{ bucket: "0-19", count: 1 }, { bucket: "80-100", count: 27 }] },
      ],
      signal_means: [
        { prompt_version: "v1.0", requests: 32, mean_completion_tokens: 131.4, mean_total_tokens: 560.2, cost_per_1k_requests_usd: 0.141, mean_ttft_ms: 301.2, mean_decode_ms: 1790.5, mean_total_ms: 2150.3, tool_calls: 4, tool_failures: 1, retries: 0 },
        { prompt_version: "v2.1", requests: 32, mean_completion_tokens: 61.2, mean_total_tokens: 488.9, cost_per_1k_requests_usd: 0.101, mean_ttft_ms: 290.1, mean_decode_ms: 860.7, mean_total_ms: 1160.4, tool_calls: 4, tool_failures: 0, retries: 1 },
      ],
    },
  },
  task2_schema: {
    required_fields: ["trace_id", "timestamp", "environment", "customer_tier", "prompt_version", "model_name", "input_text", "output_text", "retrieved_docs", "tool_calls", "total_tokens", "latency_ms", "tags"],
    optional_fields: ["error", "prompt_tokens", "completion_tokens", "quality_score", "user_id_hash", "release", "ttft_ms"],
    valid_traces: 3,
    invalid_traces: 2,
    validation_errors: 5,
    batch: { lines: 6, accepted: 3, rejected: 3 },
    write_up_words: 212,
  },
  task3_redaction: {
    fields_changed: 4,
    tokens_by_type: { EMAIL: 1, OPENAI_KEY: 1, PHONE: 1, USER_ID_HASH: 1 },
    user_ids_hashed: 1,
    probes: 10,
    toy_correct: 2,
    library_correct: 10,
    unit_tests: { total: 61, passed: 61, failed: 0 },
    toy_scaling_ms: [{ chars: 250, toy_ms: 20.1 }, { chars: 500, toy_ms: 80.4 }, { chars: 1000, toy_ms: 322.5 }],
    library_adversarial_1mb_ms: [{ "1 MB of": '"a@"', first_call_ms: 61.2, best_of_3_ms: 48.9 }, { "1 MB of": '"sk-"', first_call_ms: 18.3, best_of_3_ms: 5.1 }],
    bare_sha256_recovered: true,
    hash_key: "default (public)",
  },
  task4_tracing: {
    backend: { local: true, name: "local loopback trace backend (http://127.0.0.1:41234)" },
    requests: 3,
    langfuse: { traces: 3, observations: 8 },
    langsmith: { root_runs: 3, runs: 11 },
    pii_check: { values_checked: 6, raw_values_found: 0 },
    tool_error: { level: "ERROR" },
    pii_probe: { requests: 1, planted_values: 5, leaked: 0 },
    hubs: [
      { hub: "langfuse", traces_found: 3, http_requests: 2, wire_bytes: 24100, items_per_trace: 5.3, nodes_per_trace: 3.7, node_kinds: "TRACE, SPAN, GENERATION, EVENT", total_tokens: 1710, cost_usd: 0.00034, usage_field: "GENERATION.usageDetails + costDetails" },
      { hub: "langsmith", traces_found: 3, http_requests: 4, wire_bytes: 33050, items_per_trace: 3.7, nodes_per_trace: 3.7, node_kinds: "chain, retriever, tool, llm", total_tokens: 1710, cost_usd: 0.00034, usage_field: "llm run outputs.usage_metadata" },
      { hub: "otlp", traces_found: 3, http_requests: 2, wire_bytes: 21900, items_per_trace: 3.7, nodes_per_trace: 3.7, node_kinds: "server, span, execute_tool, chat", total_tokens: 1710, usage_field: "gen_ai.usage.input_tokens / output_tokens" },
    ],
    backend_summary: { requests: 8, rejected_requests: 0, langfuse_events: 16, langfuse_traces: 3, langfuse_observations: 8, langsmith_operations: 11, langsmith_runs: 11, otlp_spans: 11 },
    writeup_words: 280,
  },
  task5_metrics: {
    n_traces: 1000,
    seed: 42,
    metrics: {
      traces: 1000,
      failures: 41,
      quality_pass_threshold: 70,
      quality_scored: 870,
      p50_latency_ms: 1390.5,
      p95_latency_ms: 3620.2,
      p99_latency_ms: 7810,
      p50_ttft_ms: 324,
      p95_ttft_ms: 812.2,
      failure_rate: 4.1,
      tool_success_rate: 92.6,
      avg_cost_per_request: 0.000523,
      quality_proxy_rate: 87.4,
    },
    statuses: { p95_latency_ms: "yellow", p95_ttft_ms: "yellow", failure_rate: "yellow", tool_success_rate: "yellow", avg_cost_per_request: "green", quality_proxy_rate: "green" } as const,
    alerts: { p95_latency_ms: "warning", p95_ttft_ms: "warning", failure_rate: "warning", tool_success_rate: "warning", avg_cost_per_request: "none", quality_proxy_rate: "none" },
    thresholds: {},
    alert_rules: "report/prometheus-alerts.yml",
    grafana_dashboard: "report/grafana-dashboard.json",
    breakdown: {
      prompt_version: [
        { slice: "v1.0", traces: 300, p95_latency_ms: 3700, failure_rate: 4.3, tool_success_rate: 93, avg_cost_per_request: 0.00061, quality_proxy_rate: 74.2 },
        { slice: "v2.1", traces: 695, p95_latency_ms: 3550, failure_rate: 4.0, tool_success_rate: 92.4, avg_cost_per_request: 0.00049, quality_proxy_rate: 93.1 },
        { slice: "v2.2", traces: 5, p95_latency_ms: 1510, failure_rate: 0, tool_success_rate: null, avg_cost_per_request: 0.00047, quality_proxy_rate: null },
      ],
      customer_tier: [{ slice: "free", traces: 1000, p95_latency_ms: 3620.2, failure_rate: 4.1, tool_success_rate: 92.6, avg_cost_per_request: 0.000523, quality_proxy_rate: 87.4 }],
      model_name: [
        { slice: "gpt-4o", traces: 150, p95_latency_ms: 3900, failure_rate: 5.1, tool_success_rate: 90, avg_cost_per_request: 0.0031, quality_proxy_rate: 88 },
        { slice: "gpt-4o-mini", traces: 850, p95_latency_ms: 3500, failure_rate: 3.9, tool_success_rate: 93, avg_cost_per_request: 0.00021, quality_proxy_rate: 87 },
      ],
    },
    figures: ["task5_latency_histogram", "task5_failure_rate_by_environment", "task5_cost_per_request", "task5_tool_success_by_tool", "task5_quality_by_prompt_version"].flatMap((n) => [`report/figures/${n}.png`, `report/figures/${n}.svg`]),
    streaming: { traces: 50000, sketch_bins: 240, exact_p95_latency_ms: 3601.2, sketch_p95_latency_ms: 3590.7 },
    prometheus: {
      requests: 200, p95_latency_ms: 2375, collector_p95_latency_ms: 2290.4, p95_bucket_ms: { lower: 2000, upper: 2500 }, failure_rate: 3.5, collector_failure_rate: 3.5, agree: true,
      statuses: { "200": 193, "503": 7 }, simulated_llm: true,
      rows: [
        { metric: "p95_latency_ms", promql: 2375, collector: 2290.4, agree: true, rule: "collector inside PromQL's bucket (2000, 2500] ms", query: "histogram_quantile(0.95, ...)" },
        { metric: "failure_rate", promql: 3.5, collector: 3.5, agree: true, rule: "equal (same counters)", query: "100 * ..." },
        { metric: "avg_cost_per_request", promql: 0.000106, collector: 0.000106, agree: true, rule: "equal (same counters)", query: "..." },
      ],
    },
  },
  task5_drift: {
    change: { at: "2025-07-07T00:00:00.000Z", week_index: 5, description: "prompt v2.3 and new retrieval embeddings", prompt_version: "v2.3", release: "2025.07.07" },
    reference: { weeks: ["2025-06-02", "2025-06-09"], traces: 800, failure_rate: 3.75, quality_mean: 79.4, quality_pass_rate: 87.5 },
    flagged: ["2025-07-07", "2025-07-14", "2025-07-21"],
    thresholds: {},
    weeks: [
      { week: "2025-06-02", status: "reference" },
      { week: "2025-06-09", status: "reference" },
      { week: "2025-06-16", status: "stable" },
      { week: "2025-06-23", status: "stable" },
      { week: "2025-06-30", status: "warn" },
      { week: "2025-07-07", status: "drift" },
      { week: "2025-07-14", status: "drift" },
      { week: "2025-07-21", status: "drift" },
    ],
  },
  task6_sampling: {
    contract_version: "1.0.0",
    contract_valid: true,
    broken_contract_errors: ["sampling.production.rate: Too big: expected number to be <=1", "retention.dev: Invalid input: expected object, received undefined"],
    sampling: {},
    demo: { environments: [], total: 0, kept: 0 },
    write_up: "Keeping every production trace is impractical.",
    write_up_words: 6,
    large_run: {
      n: 100000,
      seed: 42,
      environments: [
        { environment: "dev", total: 20012, kept: 20012, kept_pct: 100, contract_rate_pct: 100, rate_decided: 18890, rate_decided_kept_pct: 100, by_reason: { error: 0, slow: 0, "always (env)": 20012, "head-sample": 0, dropped: 0 } },
        { environment: "staging", total: 19876, kept: 19876, kept_pct: 100, contract_rate_pct: 100, rate_decided: 18790, rate_decided_kept_pct: 100, by_reason: { error: 0, slow: 0, "always (env)": 19876, "head-sample": 0, dropped: 0 } },
        { environment: "production", total: 60112, kept: 9841, kept_pct: 16.371, contract_rate_pct: 10, rate_decided: 56954, rate_decided_kept_pct: 10.04, by_reason: { error: 2455, slow: 1703, "always (env)": 0, "head-sample": 5683, dropped: 50271 } },
      ],
      invalid: 0,
    },
    production_rate_check: { contract_rate_pct: 10, achieved_rate_pct: 10.04, deviation_points: 0.04, within_half_a_point: true },
    guarantees: { production_errors: 2455, errors_kept: 2455, production_slow: 1703, slow_kept: 1703, identical_on_rerun: true },
    toy_sampler: { production_traces: 60112, kept_by_service_A_pct: 10, services_disagree_pct: 18, complete_in_both_pct: 1, errors: 2455, errors_dropped_by_A_pct: 90.2 },
    storage: {
      bytes_per_trace: 1480, observations_per_trace: 3.6, assumed_daily_requests: 1000000, hot_days: 30, cold_days: 365,
      keep_all: { strategy: "keep 100%", keep_pct: 100, traces_per_day: 1000000, gb_per_day: 1.48, gb_in_hot_window: 44.4, gb_in_cold_window: 540.2, observations_per_month: 108000000 },
      contract_sampling: { strategy: "contract sampling", keep_pct: 16.371, traces_per_day: 163710, gb_per_day: 0.242, gb_in_hot_window: 7.27, gb_in_cold_window: 88.4, observations_per_month: 17680000 },
      reduction_factor: 6.1,
    },
  },
};

export const FIXTURE_OUTPUTS: TaskOutputs = outputs;

export const FIXTURE_TRACE_TREES: Record<string, string> = {
  "task4_trace_tree_langfuse.txt": `trace support-bot.ask.v2  env=production tier=pro prompt=v2.1 release=workbook-local
│ user_id_hash=4f1c9e0b7a2d…  tags=[env:production, tier:pro, prompt:v2.1, model:gpt-4o-mini]
├── SPAN retrieval                42 ms   top_k=3  scores=[0.82, 0.64, 0.41]
├── SPAN tool.lookup_order        88 ms   success=true
├── GENERATION llm.generation   1,190 ms  model=gpt-4o-mini  ttft=380 ms
│     usage: input=540 output=64 total=604   cost: $0.000127
└── EVENT event.cache_miss
`,
  "task4_trace_tree_langsmith.txt": `chain support-bot.ask.v2  (1,312 ms)  metadata: environment=production prompt_version=v2.1 customer_tier=pro
├── retriever retrieval        42 ms   3 docs
├── tool lookup_order          88 ms   ok
└── llm llm.generation      1,190 ms   ls_provider=openai ls_model_name=gpt-4o-mini
      usage_metadata: input_tokens=540 output_tokens=64 total_tokens=604
`,
};

export const FIXTURE_CHARTS: Record<string, number[]> = {
  task5_latency_histogram: [0.2, 0.9, 0.7, 0.35, 0.1, 0.05],
  task5_failure_rate_by_environment: [0.3, 0.45, 0.6],
  task5_cost_per_request: [0.5, 0.8, 0.3, 0.1],
  task5_tool_success_by_tool: [0.95, 0.9, 0.88],
  task5_quality_by_prompt_version: [0.46, 0.91],
};
