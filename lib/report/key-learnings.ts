/**
 * Key learnings: LLM observability versus traditional monitoring, each backed by a number this
 * run produced. Reads through the sections' field maps, so a renamed field is fixed in one place.
 */
import { evalSummary, TASK1_FIELDS } from "./task1-section";
import { TASK4_FIELDS } from "./task4-section";
import { TASK5_FIELDS } from "./task5-section";
import { environmentSampling, TASK6_FIELDS } from "./task6-section";
import type { TaskOutput } from "./task-output";
import { fixed, int, ms, pct, usd } from "./units";

export type TaskOutputs = Record<1 | 2 | 3 | 4 | 5 | 6, TaskOutput>;

export function keyLearnings(o: TaskOutputs): string {
  const F1 = TASK1_FIELDS;
  const [v1, v2] = [o[1].at(F1.versions.v1), o[1].at(F1.versions.v2)];
  const [p1, p2] = [v1.str(F1.promptVersion), v2.str(F1.promptVersion)];
  const [e1, e2] = [evalSummary(o[1], p1), evalSummary(o[1], p2)];
  const prod = environmentSampling(o[6], "production");
  return [
    `- **Success is not a status code.** Across the eval set both prompt versions answered ${pct(e1.num(F1.evalHttp200), 0)} and ${pct(e2.num(F1.evalHttp200), 0)} of requests with HTTP 200, ` +
      `yet their mean quality was ${fixed(e1.num(F1.evalMean), 1)} and ${fixed(e2.num(F1.evalMean), 1)} out of 100. LLM failures are semantic: quality has to be measured ` +
      "(fact checks, evals, feedback) and tracked per prompt version, which deploys like code but never shows in an error rate.",
    "- **The unit of observation is a tree of steps.** A slow or wrong answer is explained by retrieval scores, tool outcomes and token counts inside the request, " +
      "so traces carry spans for each step, not one log line per request.",
    `- **The payload is the risk.** Classic monitoring stores numbers; LLM traces store prompts, documents and answers. Redaction therefore sits inside the pipeline, ` +
      `before every exporter: the backend received ${int(o[4].num(TASK4_FIELDS.rawValuesFound))} of the ${int(o[4].num(TASK4_FIELDS.rawValuesChecked))} raw sensitive values planted in requests.`,
    `- **Cost is a per-request metric.** Tokens times price gave ${usd(o[5].num(TASK5_FIELDS.cost))} per request on average over Task 5's synthetic traces; a prompt or model change moves it overnight, ` +
      "so it gets thresholds and alerts like latency does.",
    `- **Tails, not averages.** In the synthetic traces p95 latency was ${ms(o[5].num(TASK5_FIELDS.p95))} and p99 ${ms(o[5].num(TASK5_FIELDS.p99))} against a p50 of ${ms(o[5].num(TASK5_FIELDS.p50))}: ` +
      "LLM latency is long-tailed (retries, long completions, timeouts), and users feel the tail.",
    `- **Sample by outcome, not uniformly.** Production stored ${pct(prod.num(TASK6_FIELDS.keptPct), 1)} of its traces yet kept ` +
      `${int(o[6].num(TASK6_FIELDS.errorsKept))} of ${int(o[6].num(TASK6_FIELDS.errorsTotal))} errors and ${int(o[6].num(TASK6_FIELDS.slowKept))} of ${int(o[6].num(TASK6_FIELDS.slowTotal))} slow traces: ` +
      "the traces an incident review needs are never the ones dropped.",
  ].join("\n");
}
