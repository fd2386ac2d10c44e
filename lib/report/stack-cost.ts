/**
 * What the observability stack itself costs, from the run: bytes each hub's exporter put on the
 * wire per request (Task 4), scaled to the traffic and production keep share Task 6 assumed, and
 * the storage Task 6 estimated with and without the contract's sampling.
 */
import { cellTable } from "../format";
import type { ReportData } from "./report-data";
import { worstAdversarialMs } from "./task3-section";
import { bytesPerRequest, hubName } from "./task4-section";
import { fixed, html, int, ms, pct } from "./units";

export function stackCost({ outputs }: ReportData): string {
  const t3 = outputs.task3_redaction;
  const t4 = outputs.task4_tracing;
  const st = outputs.task6_sampling.storage;
  const daily = st.assumed_daily_requests;
  const keep = st.contract_sampling.keep_pct / 100;
  const n = Math.max(1, t4.requests);
  const rows = t4.hubs.map((h) => {
    const perRequest = bytesPerRequest(h, t4.requests);
    return [
      html(hubName(h.hub)),
      fixed(perRequest / 1024, 1),
      fixed((1000 * h.http_requests) / n, 0),
      fixed((daily * perRequest) / 1e9, 2),
      fixed((daily * keep * perRequest) / 1e9, 2),
    ];
  });
  const table = cellTable(
    [
      "exporter",
      "KB / traced request",
      "HTTP requests / 1k traced",
      `GB/day, all ${int(daily)}`,
      `GB/day, ${pct(st.contract_sampling.keep_pct, 1)} kept`,
    ],
    rows,
    { className: "compact half" },
  );
  const worstRedaction = worstAdversarialMs(t3);
  return (
    `Task 4's exporters sent the bytes below for ${int(t4.requests)} requests; scaled to Task 6's assumed ${int(daily)} requests a day, ` +
    `all of them or the ${pct(st.contract_sampling.keep_pct, 1)} the contract keeps, they give each hub's egress. ` +
    `Stored traces (Task 6) add ${fixed(st.contract_sampling.gb_in_hot_window, 1)} GB hot and ${fixed(st.contract_sampling.gb_in_cold_window, 1)} GB over ${int(st.cold_days)} cold days under the contract's sampling. ` +
    `Redaction, which runs on every request, took at most ${ms(worstRedaction)} per MB of adversarial text. Export runs after the response by design; ` +
    "this run's outputs do not measure its latency effect (`npm run bench` does).\n\n" +
    table
  );
}
