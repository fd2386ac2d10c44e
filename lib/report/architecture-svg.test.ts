import { describe, expect, it } from "vitest";
import { loadContract } from "../contract";
import {
  architectureBoxes,
  architectureSvg,
  ARCHITECTURE_TEXT_PX,
  ARCHITECTURE_TITLE_PX,
} from "./architecture-svg";
import { MIN_PRINTED_PT, smallestPrintedPt } from "./figure-legibility";
import { FIGURE_WIDTH_MM } from "./report-html";

const contract = loadContract();
const svg = architectureSvg(contract);

/** An estimate of DejaVu Sans text width, a little above what Chromium renders (capitals are wider; bold wider still). */
const textWidth = (text: string, px: number, bold: boolean) =>
  [...text].reduce(
    (w, ch) => w + px * (ch === " " ? 0.32 : /[A-Z]/.test(ch) ? (bold ? 0.8 : 0.68) : bold ? 0.6 : 0.57),
    0,
  );

describe("architectureSvg", () => {
  it("prints its smallest text at >= 8 pt when the report places it full width", () => {
    expect(FIGURE_WIDTH_MM).toBeGreaterThanOrEqual(180);
    expect(smallestPrintedPt(svg, 180)).toBeGreaterThanOrEqual(MIN_PRINTED_PT);
    expect(smallestPrintedPt(svg, FIGURE_WIDTH_MM)).toBeGreaterThanOrEqual(MIN_PRINTED_PT);
  });

  it("fits every line inside its box at that size", () => {
    for (const b of architectureBoxes(contract)) {
      expect(textWidth(b.title, ARCHITECTURE_TITLE_PX, true), b.title).toBeLessThanOrEqual(b.w - 4);
      for (const line of b.lines ?? [])
        expect(textWidth(line, ARCHITECTURE_TEXT_PX, false), line).toBeLessThanOrEqual(b.w - 4);
      expect(15 + (b.lines ?? []).length * 15, `${b.title} is tall enough`).toBeLessThanOrEqual(b.h - 8);
    }
  });

  it("draws the production loop: feedback on the trace_id, the eval gate, SLO burn-rate alerts with TTFT, drift into the eval set", () => {
    for (const label of [
      "POST /feedback",
      "Langfuse score",
      "LangSmith feedback",
      "same trace",
      "npm run eval",
      "v1 vs v2",
      "exit 1 on regression",
      "burn rates",
      "TTFT",
      "PSI, KS",
      "eval set",
    ]) {
      expect(svg).toContain(label);
    }
    const { page, ticket } = contract.slo_alerting;
    expect(svg).toContain(`page ${page.burn_rate}× over ${page.long_window} and ${page.short_window}`);
    expect(svg).toContain(
      `ticket ${ticket.burn_rate}× over ${ticket.long_window} and ${ticket.short_window}`,
    );
  });

  it("names the current hubs and the local backend's behaviour", () => {
    for (const label of [
      "Langfuse SDK v5",
      "OpenTelemetry",
      "/api/public/otel/v1/traces",
      "LangSmith SDK",
      "behaves like Langfuse v4 + LangSmith",
      "DuckDB, bounded memory",
      "REDACTION",
      "Sampler",
      "Prometheus",
      "Grafana",
      "observability_contract.json",
    ]) {
      expect(svg).toContain(label);
    }
  });

  it("takes its numbers from the contract it is given", () => {
    const other = structuredClone(contract);
    other.slo_alerting.page.burn_rate = 10;
    other.sampling.production.rate = 0.05;
    const drawn = architectureSvg(other);
    expect(drawn).toContain("page 10× over");
    expect(drawn).toContain("5% by trace_id hash");
  });
});
