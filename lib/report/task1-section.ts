/** Task 1 in the report: the same question through v1 and v2, HTTP status versus quality, then the eval set. */
import type { ReportSection } from "./report-section";
import { table } from "./report-section";
import type { TaskOutput } from "./task-output";
import { code, fixed, html, int, ms, pct, text, usd } from "./units";

/** Field paths in data/outputs/task1_gap.json; change a path here when the notebook renames a field. */
export const TASK1_FIELDS = {
  /** The LLM client's plain notice, e.g. "answered by the embedded simulator (no OPENAI_API_KEY)". */
  llmNotice: "llm",
  queryId: "query_id",
  expectedFacts: "expected_facts",
  versions: { v1: "single_query.v1", v2: "single_query.v2" },
  /** Inside each version (lib/rag/request-signals.ts plus the HTTP status and quality score). */
  simulated: "simulated",
  model: "model",
  promptVersion: "prompt_version",
  httpStatus: "http_status",
  quality: "quality_score",
  topScore: "top_retrieval_score",
  promptTokens: "prompt_tokens",
  completionTokens: "completion_tokens",
  cost: "cost_usd",
  toolOutcome: "tool_outcome",
  ttft: "ttft_ms",
  latency: "total_ms",
  /** The eval set: one summary row and one signal-means row per prompt version. */
  evalCount: "eval_set.queries",
  evalSummary: "eval_set.summary",
  evalSignals: "eval_set.signal_means",
  evalKey: "prompt_version",
  /** Inside a summary row. */
  evalRequests: "requests",
  evalHttp200: "http_200_pct",
  evalMean: "mean_quality",
  evalAllFacts: "all_facts_pct",
  /** Inside a signal-means row. */
  evalCompletion: "mean_completion_tokens",
  evalCostPer1k: "cost_per_1k_requests_usd",
  evalLatency: "mean_total_ms",
};

/** The eval-set summary row of the prompt version `version` (e.g. "v1.0"). */
export function evalSummary(out: TaskOutput, version: string): TaskOutput {
  return out.find(TASK1_FIELDS.evalSummary, TASK1_FIELDS.evalKey, version);
}

/** quality_score is the share of expected facts stated (lib/quality.ts, one decimal), so the count is recoverable. */
const factsStated = (score: number, facts: number) => Math.round((score / 100) * facts);

export function task1Section(out: TaskOutput): ReportSection {
  const F = TASK1_FIELDS;
  const v1 = out.at(F.versions.v1);
  const v2 = out.at(F.versions.v2);
  const facts = out.list(F.expectedFacts).length;
  const [s1, s2] = [v1.num(F.httpStatus), v2.num(F.httpStatus)];
  const [q1, q2] = [v1.num(F.quality), v2.num(F.quality)];
  const [p1, p2] = [v1.str(F.promptVersion), v2.str(F.promptVersion)];
  const evalN = out.num(F.evalCount);
  const [e1, e2] = [evalSummary(out, p1), evalSummary(out, p2)];

  const bothOk = s1 >= 200 && s1 < 300 && s2 >= 200 && s2 < 300;
  const verdict = bothOk
    ? `Both requests for question ${code(out.str(F.queryId))} returned HTTP ${s1} and ${s2}, so an uptime or error-rate dashboard shows both prompt versions green.`
    : `The requests returned HTTP ${s1} (${text(p1)}) and ${s2} (${text(p2)}): at least one failed at the HTTP level as well.`;
  const qualityLine =
    `Against the question's ${facts} expected facts, ${text(p1)} scored ${fixed(q1, 0)}/100 (${factsStated(q1, facts)} of ${facts} stated) ` +
    `and ${text(p2)} ${fixed(q2, 0)}/100 (${factsStated(q2, facts)} of ${facts}). ` +
    `Over all ${int(evalN)} eval questions the picture holds: ${pct(e1.num(F.evalHttp200), 0)} and ${pct(e2.num(F.evalHttp200), 0)} HTTP 200, ` +
    `mean quality ${fixed(e1.num(F.evalMean), 1)} for ${text(p1)} against ${fixed(e2.num(F.evalMean), 1)} for ${text(p2)}.`;

  const row = (label: string, read: (v: TaskOutput) => string) => [label, read(v1), read(v2)];
  const optMs = (value: number | null) => (value === null ? "none (no stream)" : ms(value));
  const single = table(
    ["one question", html(p1), html(p2)],
    [
      row("HTTP status", (v) => int(v.num(F.httpStatus))),
      row("quality (facts stated, 0–100)", (v) => fixed(v.num(F.quality), 0)),
      row("top retrieval score", (v) => fixed(v.num(F.topScore), 2)),
      row("prompt / completion tokens", (v) => `${int(v.num(F.promptTokens))} / ${int(v.num(F.completionTokens))}`),
      row("cost", (v) => usd(v.num(F.cost))),
      row("tool outcome", (v) => html(v.str(F.toolOutcome))),
      row("time to first token", (v) => optMs(v.optNum(F.ttft))),
      row("latency in service", (v) => ms(v.num(F.latency))),
    ],
    "compact",
  );
  const evalRows = out.items(F.evalSummary).map((s) => {
    const version = s.str(F.evalKey);
    const m = out.find(F.evalSignals, F.evalKey, version);
    return [
      html(version),
      int(s.num(F.evalRequests)),
      pct(s.num(F.evalHttp200), 0),
      fixed(s.num(F.evalMean), 1),
      pct(s.num(F.evalAllFacts), 1),
      fixed(m.num(F.evalCompletion), 1),
      usd(m.num(F.evalCostPer1k)),
      ms(m.num(F.evalLatency)),
    ];
  });
  const evalTable = table(["eval set", "requests", "HTTP 200", "mean quality", "all facts stated", "completion tokens", "cost / 1k requests", "mean latency"], evalRows, "compact");

  const flags = [v1.bool(F.simulated), v2.bool(F.simulated)];
  const model = v1.str(F.model);
  const notice = out.str(F.llmNotice);
  const simulatedLine =
    flags[0] && flags[1]
      ? `The LLM: no OPENAI_API_KEY was set, so the embedded simulator answered every Task 1 request ("${text(notice)}"; it reports the model name ${text(model)}). ` +
        "It is reached through the real openai SDK's `fetch` option, so request building, streaming, usage parsing and retries are the SDK's own code, and its latency is really waited. " +
        "Its answers are extractive and shaped by the system prompt's style with a keyword heuristic, so the size of the v1/v2 quality gap is a property of the simulator, not a measurement of a real model."
      : flags[0] || flags[1]
        ? `The LLM: one of the two Task 1 requests was answered by the embedded simulator and the other by the real API (${text(model)}); the quality comparison mixes the two.`
        : `The LLM: the real OpenAI API answered the Task 1 requests (model ${text(model)}).`;

  return {
    task: 1,
    title: out.info.title,
    approach:
      "The same support question goes to the running bot twice over HTTP (`POST /ask` on a Hono service), once with the chatty launch prompt " +
      `${text(p1)} and once with the concise rewrite ${text(p2)}. Each answer is scored by the share of the question's expected facts it states ` +
      "(`scoreResponse` in `lib/quality.ts`, which normalises number words, currency, ranges and case). The signals a status-code dashboard never sees are read " +
      "from each request's redacted trace record: retrieval scores, prompt version and hash, tokens and cost, tool outcome and where the time went. " +
      "Then every eval question goes through both prompts, so one lucky or unlucky answer cannot carry the conclusion.",
    observations: `${verdict} ${qualityLine}\n\n${single}\n\n${evalTable}`,
    simulated: [simulatedLine],
  };
}
