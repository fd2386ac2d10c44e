/** Task 1 in the report: the same question through v1 and v2, HTTP status versus quality, then the eval set. */
import { cellTable } from "../format";
import type { Task1Output } from "../outputs/task1-output";
import type { ReportSection } from "./report-section";
import { evalGateSentence } from "./loop-sentences";
import { taskOfOutput } from "./tasks";
import { code, fixed, html, int, ms, pct, text, usd } from "./units";

type Data = Task1Output;
type EvalRow = Data["eval_set"]["summary"][number];
type MeansRow = Data["eval_set"]["signal_means"][number];

/** The eval-set rows of prompt version `version` (e.g. "v1.0"); undefined when the eval did not run it. */
export function evalRows(data: Data, version: string): { summary: EvalRow; means?: MeansRow } | undefined {
  const summary = data.eval_set.summary.find((s) => s.prompt_version === version);
  return summary && { summary, means: data.eval_set.signal_means.find((m) => m.prompt_version === version) };
}

/** The eval-set rows of the two versions the single query compared (v1's, then v2's). */
export const evalPair = (data: Data) =>
  [
    evalRows(data, data.single_query.v1.prompt_version),
    evalRows(data, data.single_query.v2.prompt_version),
  ] as const;

/**
 * Who got HTTP 200, said once when the two versions agree: "every answer of both versions came with
 * HTTP 200", "97% of each version's answers …", or "100% of v1.0's answers and 97% of v2.1's …".
 */
export function http200Share(a: number, b: number, p1: string, p2: string): string {
  const [sa, sb] = [pct(a, 0), pct(b, 0)];
  if (sa === sb)
    return a === 100
      ? "every answer of both versions came with HTTP 200"
      : `${sa} of each version's answers came with HTTP 200`;
  return `${sa} of ${p1}'s answers and ${sb} of ${p2}'s came with HTTP 200`;
}

/** quality_score is the share of expected facts stated (lib/quality.ts, one decimal), so the count is recoverable. */
const factsStated = (score: number, facts: number) => Math.round((score / 100) * facts);
const ok = (status: number) => status >= 200 && status < 300;

export function task1Section(data: Data): ReportSection {
  const { v1, v2 } = data.single_query;
  const facts = data.expected_facts.length;
  const [p1, p2] = [text(v1.prompt_version), text(v2.prompt_version)];
  const verdict =
    v1.http_status === v2.http_status
      ? `Both requests for question ${code(data.query_id)} returned HTTP ${v1.http_status}${ok(v1.http_status) ? ", so an uptime or error-rate dashboard shows both prompt versions green" : ""}.`
      : `The requests for question ${code(data.query_id)} returned HTTP ${v1.http_status} (${p1}) and ${v2.http_status} (${p2}).`;
  const quality =
    ` Against its ${int(facts)} expected facts, ${p1} stated ${int(factsStated(v1.quality_score, facts))} (quality ${fixed(v1.quality_score, 0)}/100) ` +
    `and ${p2} ${int(factsStated(v2.quality_score, facts))} (${fixed(v2.quality_score, 0)}/100).`;
  const [e1, e2] = evalPair(data);
  const evalLine =
    e1 && e2
      ? ` Over all ${int(data.eval_set.queries)} eval questions ${http200Share(e1.summary.http_200_pct, e2.summary.http_200_pct, p1, p2)}, ` +
        `while mean quality was ${fixed(e1.summary.mean_quality, 1)} for ${p1} and ${fixed(e2.summary.mean_quality, 1)} for ${p2}` +
        (e1.summary.no_facts_pct !== e2.summary.no_facts_pct
          ? `; ${pct(e1.summary.no_facts_pct, 1)} of ${p1}'s answers and ${pct(e2.summary.no_facts_pct, 1)} of ${p2}'s stated none of the expected facts.`
          : ".")
      : "";

  const row = (label: string, read: (v: Data["single_query"]["v1"]) => string) => [label, read(v1), read(v2)];
  const single = cellTable(
    ["one question", html(v1.prompt_version), html(v2.prompt_version)],
    [
      row("HTTP status", (v) => int(v.http_status)),
      row("quality (facts stated, 0–100)", (v) => fixed(v.quality_score, 0)),
      row("top retrieval score", (v) => fixed(v.top_retrieval_score, 2)),
      row("prompt / completion tokens", (v) => `${int(v.prompt_tokens)} / ${int(v.completion_tokens)}`),
      row("cost", (v) => usd(v.cost_usd)),
      row("tool outcome", (v) => html(v.tool_outcome)),
      row("time to first token", (v) =>
        v.ttft_ms === null || v.ttft_ms === undefined ? "none (no stream)" : ms(v.ttft_ms),
      ),
      row("latency in service", (v) => ms(v.total_ms)),
    ],
    { className: "compact half" },
  );
  const evalTable = cellTable(
    [
      "eval set",
      "requests",
      "HTTP 200",
      "mean quality",
      "all facts",
      "completion tokens",
      "cost / 1k req.",
      "mean latency",
    ],
    data.eval_set.summary.map((s) => {
      const m = data.eval_set.signal_means.find((x) => x.prompt_version === s.prompt_version);
      return [
        html(s.prompt_version),
        int(s.requests),
        pct(s.http_200_pct, 0),
        fixed(s.mean_quality, 1),
        pct(s.all_facts_pct, 1),
        m ? fixed(m.mean_completion_tokens, 1) : "–",
        m ? usd(m.cost_per_1k_requests_usd) : "–",
        m ? ms(m.mean_total_ms) : "–",
      ];
    }),
    { className: "compact half" },
  );

  const simulated = [v1.simulated, v2.simulated];
  const simulatedLine = simulated.every(Boolean)
    ? `The LLM: no OPENAI_API_KEY was set, so the embedded simulator answered every live request behind the real openai SDK (it reports the model ${text(v1.model)}). ` +
      "Its answers are extractive and shaped by the system prompt's style, so the size of the v1/v2 quality gap describes the simulator, not a real model."
    : simulated.some(Boolean)
      ? `The LLM: one of the two Task 1 requests was answered by the embedded simulator and the other by the real API (${text(v1.model)}); the quality comparison mixes the two.`
      : `The LLM: the real OpenAI API answered the Task 1 requests (model ${text(v1.model)}).`;

  return {
    task: 1,
    title: taskOfOutput("task1_gap").title,
    approach:
      `One support question goes to the running bot (\`POST /ask\`) with the chatty launch prompt ${p1} and the concise rewrite ${p2}; each answer is scored by the share of expected facts it states, ` +
      "and the signals a status-code dashboard never sees (retrieval scores, prompt version, tokens, cost, tool outcome, timings) are read from its redacted trace. Then the whole eval set goes through both.",
    observations: `${verdict}${quality}${evalLine}${evalGateSentence(data)}\n\n<div class="pair">${single}${evalTable}</div>`,
    simulated: [simulatedLine],
  };
}
