/**
 * Results that depend on the package's files (the contract, the eval set, the knowledge base),
 * computed through the public entry point only with the defaults a script would use.
 * lib/cwd-independence.test.ts runs it in the test process and in child processes started in
 * other folders: the answers must be the same.
 */
import {
  answer,
  createDefaultTools,
  createLlmClient,
  evaluate,
  generateTraces,
  loadContract,
  loadEvalSet,
  MetricsCollector,
  shouldSample,
  spanName,
} from "../index";

export async function cwdProbe() {
  const contract = loadContract();
  const traces = generateTraces({ contract, n: 300, seed: 7 });
  const record = await answer("How long is the refund window for monthly Pro?", {
    llm: createLlmClient({ simulator: { seed: 42, timeScale: 0 } }),
    contract,
    tools: createDefaultTools({ timeScale: 0, failureRate: 0 }),
    environment: "production",
  });
  const statuses = evaluate(new MetricsCollector().compute(traces), contract.alert_thresholds);
  return {
    service: contract.service,
    sampling: contract.sampling,
    // The assignment's one-argument form: the only place the library picks a contract itself.
    kept_by_should_sample: traces.map((trace) => shouldSample(trace)),
    statuses: Object.fromEntries(Object.entries(statuses).map(([metric, s]) => [metric, s.status])),
    eval_set_queries: loadEvalSet().queries.length,
    trace_name: record.name,
    tags: record.trace.tags,
    retrieved_sources: record.trace.retrieved_docs.map((doc) => doc.source),
    span_name: spanName("generation", "gpt-4o-mini", contract),
  };
}
