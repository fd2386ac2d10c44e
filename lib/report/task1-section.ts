/** Task 1 in the report: the same question through v1 and v2, HTTP status versus quality, then the eval set. */
import { cellTable } from "../format";
import type { Task1Output } from "../outputs/task1-output";
import type { ReportSection } from "./report-section";
import { findPrompt } from "../rag/prompts";
import { evalGateSentence } from "./loop-sentences";
import { taskOfOutput } from "./tasks";
import { code, fixed, html, int, ms, pct, text, usd } from "./units";

type Data = Task1Output;
type EvalRow = Data["eval_set"]["summary"][number];
type MeansRow = Data["eval_set"]["signal_means"][number];

/** The eval-set rows of prompt version `version` (e.g. "v1.0"); undefined when the eval did not run it. */
function evalRows(data: Data, version: string): { summary: EvalRow; means?: MeansRow } | undefined {
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
/** "the chatty prompt v1.0", from the prompt registry's own style label; plain "prompt v9" for an unknown version. */
const styled = (version: string) => {
  const style = findPrompt(version)?.style;
  return `${style ? `the ${style} prompt` : "prompt"} ${text(version)}`;
};
/** What the prompt with the lower mean quality cost, against the better one: tokens, money, decode time. */
function worsePromptCost(worse: MeansRow, better: MeansRow): string {
  const [w, b] = [worse.cost_per_1k_requests_usd, better.cost_per_1k_requests_usd];
  const dearer = w > b ? "also dearer" : w < b ? "cheaper" : "no cheaper";
  return (
    ` The worse prompt is ${dearer}: ${text(worse.prompt_version)} averaged ${fixed(worse.mean_completion_tokens, 1)} completion tokens against ${fixed(better.mean_completion_tokens, 1)} ` +
    `(${usd(w)} against ${usd(b)} per 1,000 requests) and spent ${ms(worse.mean_decode_ms)} decoding against ${ms(better.mean_decode_ms)}.`
  );
}

/**
 * Task 1, told once: notebook 01 shows this as its write-up and the report prints it as the
 * task's findings. Every number and every comparison comes from `data`.
 */
export function task1WriteUp(data: Data): string {
  const { v1, v2 } = data.single_query;
  const facts = data.expected_facts.length;
  const [p1, p2] = [text(v1.prompt_version), text(v2.prompt_version)];
  const status =
    v1.http_status === v2.http_status
      ? `Both came back with HTTP ${v1.http_status} (in ${ms(v1.total_ms)} and ${ms(v2.total_ms)})` +
        (ok(v1.http_status) ? ", so every status-code dashboard shows two healthy requests." : ".")
      : `They came back with HTTP ${v1.http_status} (${p1}) and ${v2.http_status} (${p2}).`;
  const answers =
    v1.quality_score === v2.quality_score
      ? ` Both answers stated ${int(factsStated(v1.quality_score, facts))} of the ${int(facts)} expected facts (quality ${fixed(v1.quality_score, 0)}).`
      : ` The answers are not equivalent: against the ${int(facts)} expected facts, ${p2} stated ${int(factsStated(v2.quality_score, facts))} (quality ${fixed(v2.quality_score, 0)}) and ${p1} ${int(factsStated(v1.quality_score, facts))} (quality ${fixed(v1.quality_score, 0)}).`;
  const first =
    `**What the status code hides.** One support question (${code(data.query_id)}) went to the running service with ${styled(v1.prompt_version)} and ${styled(v2.prompt_version)}. ` +
    status +
    answers;

  const [e1, e2] = evalPair(data);
  const paragraphs = [first];
  if (e1 && e2) {
    const [s1, s2] = [e1.summary, e2.summary];
    paragraphs.push(
      `Over all ${int(data.eval_set.queries)} eval questions ${http200Share(s1.http_200_pct, s2.http_200_pct, p1, p2)}, ` +
        (s1.mean_quality === s2.mean_quality
          ? `and mean quality was ${fixed(s1.mean_quality, 1)} for both`
          : `yet mean quality was ${fixed(s1.mean_quality, 1)} for ${p1} against ${fixed(s2.mean_quality, 1)} for ${p2}`) +
        (s1.no_facts_pct !== s2.no_facts_pct
          ? `; ${pct(s1.no_facts_pct, 1)} of ${p1}'s answers and ${pct(s2.no_facts_pct, 1)} of ${p2}'s stated none of the expected facts.`
          : "."),
    );
  }
  const sameRetrieval =
    JSON.stringify([v1.retrieved_sources, v1.retrieval_scores]) ===
    JSON.stringify([v2.retrieved_sources, v2.retrieval_scores]);
  // Is there a gap to explain? The single question or the eval set's means differ.
  const gap =
    v1.quality_score !== v2.quality_score ||
    (e1 !== undefined && e2 !== undefined && e1.summary.mean_quality !== e2.summary.mean_quality);
  const cause = !gap
    ? `Both versions scored alike${sameRetrieval ? ", on the same retrieved documents" : ""}.`
    : sameRetrieval
      ? `Retrieval was not the cause: both versions received the same documents with the same scores (top ${fixed(v1.top_retrieval_score, 2)}). The prompt was, which is why every trace records the prompt version and its hash.`
      : `Retrieval returned different documents for the two versions (top scores ${fixed(v1.top_retrieval_score, 2)} and ${fixed(v2.top_retrieval_score, 2)}), so the trace has to separate the prompt's share of the gap from retrieval's.`;
  const [m1, m2] = [e1?.means, e2?.means];
  const cost =
    e1 && e2 && m1 && m2 && e1.summary.mean_quality !== e2.summary.mean_quality
      ? e1.summary.mean_quality < e2.summary.mean_quality
        ? worsePromptCost(m1, m2)
        : worsePromptCost(m2, m1)
      : "";
  const carried = [
    v2.tool_outcome !== "none" && `the tool call (${code(v2.tool_outcome)})`,
    v2.ttft_ms !== null && `the time to first token (${ms(v2.ttft_ms)})`,
  ].filter(Boolean);
  const signals = carried.length
    ? ` In ${p2}'s trace, ${carried.join(" and ")} ${carried.length === 1 ? "is a further signal" : "are further signals"} no status code carries.`
    : "";
  paragraphs.push(cause + cost + signals);
  const gate = evalGateSentence(data).trim();
  if (gate) paragraphs.push(gate);
  paragraphs.push(
    'Classic monitoring answers "is it up?". An LLM service also has to answer "is the answer right, what did it cost, and why?": per-request traces with retrieval scores, prompt version, tokens, tool outcomes and a latency breakdown, plus a quality score.',
  );
  return paragraphs.join("\n\n");
}

export function task1Section(data: Data): ReportSection {
  const { v1, v2 } = data.single_query;
  const [p1, p2] = [text(v1.prompt_version), text(v2.prompt_version)];
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
      `The same question, then the whole eval set, goes to the running bot (\`POST /ask\`) with prompts ${p1} and ${p2}. Each answer is scored by the share of expected facts it states, ` +
      "and the signals a status-code dashboard never sees are read from its redacted trace.",
    observations: `${task1WriteUp(data)}\n\n<div class="pair">${single}${evalTable}</div>`,
    simulated: [simulatedLine],
  };
}
