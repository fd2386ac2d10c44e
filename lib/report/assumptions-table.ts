/**
 * The assumptions behind every number in the report, as one table: what was simulated, the seeds,
 * the synthetic volumes, the quality threshold, the price table and the traffic assumed for
 * storage. Each cell is read from an output or the contract.
 */
import { cellTable } from "../format";
import { costAt, PRICE_TABLE_VERSION, PRICES } from "../pricing";
import type { ReportData } from "./report-data";
import { both, code, fixed, fractionPct, html, int, usd } from "./units";

export function assumptionsTable({ outputs, contract }: ReportData): string {
  const t1 = outputs.task1_gap;
  const t4 = outputs.task4_tracing;
  const t5 = outputs.task5_metrics;
  const t6 = outputs.task6_sampling;
  const simulatedLlm = t1.single_query.v1.simulated && t1.single_query.v2.simulated;
  const seeds = [
    t1.seed === undefined ? undefined : `Task 1 simulator ${int(t1.seed)}`,
    t4.seed === undefined ? undefined : `Task 4 simulator ${int(t4.seed)}`,
    `Task 5 traces ${int(t5.seed)}`,
    `Task 6 traces ${int(t6.large_run.seed)}`,
  ].filter((s): s is string => s !== undefined);
  const rows: string[][] = [
    [
      "LLM",
      simulatedLlm
        ? `embedded simulator behind the real openai SDK (reports model ${code(t1.single_query.v1.model)})`
        : `real API (${code(t1.single_query.v1.model)})`,
      "Tasks 1, 4, 5: live requests",
    ],
    [
      "Trace hubs",
      t4.backend.local
        ? "local loopback backend receiving the real SDKs' HTTP requests"
        : html(t4.backend.name),
      "Task 4",
    ],
    ["Seeds", seeds.join("; "), "outputs"],
    ["Eval set", `${int(t1.eval_set.queries)} questions with expected facts`, "data/eval"],
    [
      "Synthetic traces",
      `${int(t5.n_traces)} (metrics), ${int(t5.streaming.traces)} (sketch), ${int(t6.large_run.n)} (sampling)`,
      "Task 5, 6",
    ],
    [
      "Quality",
      `Task 1: share of expected facts stated (0–100); Task 5 pass: quality score ≥ ${int(t5.metrics.quality_pass_threshold)}`,
      "lib/quality.ts",
    ],
    [
      "Prices",
      `table ${code(PRICE_TABLE_VERSION)} (contract: ${code(contract.pricing.table_version)}), USD per 1M tokens, standard tier; see the price table`,
      "lib/pricing.ts",
    ],
    [
      "Sampling",
      `production ${fractionPct(contract.sampling.production.rate, 0)} head sample + every error + every slow trace; dev and staging ${both(fractionPct(contract.sampling.dev.rate, 0), fractionPct(contract.sampling.staging.rate, 0))}`,
      "contract",
    ],
    [
      "Traffic",
      `${int(t6.storage.assumed_daily_requests)} requests a day (assumed, for storage only)`,
      "Task 6",
    ],
  ];
  return cellTable(
    ["assumption", "value in this run (source)"],
    rows.map(([what, value, source]) => [what, `${value} <span class="source">(${source})</span>`]),
    { className: "compact assumptions" },
  );
}

/** A list price per 1M tokens, as price lists print it: $0.60, $10.00. */
const price = (usdPer1m: number) => `$${fixed(usdPer1m, 2)}`;

/** The price table behind the cost metric, marking the models the synthetic traces used. */
export function priceTable({ outputs }: ReportData): string {
  const used = new Set(outputs.task5_metrics.breakdown.model_name.map((r) => r.slice));
  // Priced at the token counts of Task 1's concise answer, so the last column is a real request's cost on each model.
  const example = outputs.task1_gap.single_query.v2;
  const rows = Object.entries(PRICES).map(([model, p]) => [
    `<code>${html(model)}</code>${used.has(model) ? " *" : ""}`,
    price(p.input_per_1m),
    price(p.output_per_1m),
    usd(costAt(p, example.prompt_tokens, example.completion_tokens)),
  ]);
  const head = [
    "model (* in Task 5's traces)",
    "input / 1M tokens",
    "output / 1M tokens",
    `Task 1's ${html(example.prompt_version)} request (${int(example.prompt_tokens)} + ${int(example.completion_tokens)} tokens)`,
  ];
  return cellTable(head, rows, { className: "compact half" });
}
