/**
 * The report as one self-contained HTML page (images inlined as data: URLs) for Chromium to print.
 * Markdown from the sections goes through `marked`; values inside it were escaped by the sections.
 */
import { marked } from "marked";
import type { ReportFigure, ReportSection } from "./report-section";
import { CONTENT_WIDTH_MM } from "./print-pdf";
import { html } from "./units";

/** The printed width every figure spans: the page's content width. */
export const FIGURE_WIDTH_MM = CONTENT_WIDTH_MM;

export interface ReportDocument {
  title: string;
  subtitle: string;
  simulated: string[];
  architectureSvg: string;
  /** HTML tables. */
  assumptions: string;
  prices: string;
  sections: ReportSection[];
  /** Turns a figure's file into an inlined image URL. */
  imageSrc: (file: string) => string;
  /** Markdown. */
  stackCost: string;
  risks: string;
  surprises: string;
  rollout: string;
  /** HTML table. */
  substitutions: string;
  learnings: string;
  /** Names of the section figures to place; the others are named in a note. */
  shownFigures: ReadonlySet<string>;
}

const md = (text: string) => marked.parse(text, { async: false, gfm: true }) as string;

const CSS = `
@page { size: A4; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Verdana, sans-serif; font-size: 8.2pt; line-height: 1.3; color: #1f2933; margin: 0; }
h1 { font-size: 15pt; margin: 0 0 1mm; }
.subtitle { color: #52606d; margin: 0 0 2.5mm; }
h2 { font-size: 11pt; margin: 3.5mm 0 1.2mm; padding-bottom: 0.6mm; border-bottom: 1.2px solid #9aa5b1; break-after: avoid; }
h3 { font-size: 8.8pt; margin: 1.6mm 0 0.6mm; color: #334e68; break-after: avoid; }
p { margin: 0 0 1.4mm; text-align: justify; hyphens: auto; }
ul, ol { margin: 0 0 1.4mm; padding-left: 5mm; }
li { margin-bottom: 0.7mm; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 0.9em; background: #f0f4f8; padding: 0 0.5mm; border-radius: 1mm; }
table { border-collapse: collapse; margin: 1mm 0 2mm; font-size: 7.5pt; }
tr { break-inside: avoid; }
table.compact { break-inside: avoid; }
th, td { border: 0.6px solid #bcccdc; padding: 0.5mm 1.4mm; text-align: left; vertical-align: top; }
th { background: #e6edf5; }
table.mono td { font-family: "DejaVu Sans Mono", monospace; font-size: 6.8pt; overflow-wrap: anywhere; }
table.mono, table.thresholds, table.assumptions { width: 100%; }
table.mono td:first-child { white-space: nowrap; overflow-wrap: normal; }
table.thresholds td:last-child { font-size: 6.9pt; color: #3e4c59; }
table.thresholds td:nth-child(-n+6) { white-space: nowrap; }
.pair { display: flex; gap: 4mm; align-items: flex-start; }
.pair > table { flex: 1 1 50%; width: 50%; }
.pair td:first-child { white-space: nowrap; }
.status { font-weight: bold; padding: 0 1.2mm; border-radius: 1mm; color: #fff; }
.status.green { background: #2f855a; } .status.yellow { background: #b7791f; } .status.red { background: #c53030; } .status.no-data, .status.not-measured { background: #7b8794; }
.simulated { border: 1px solid #d69e2e; background: #fffaf0; padding: 1.4mm 3mm; margin: 1.6mm 0 1mm; border-radius: 1.5mm; break-inside: avoid; }
.simulated h2 { border: 0; margin: 0 0 0.8mm; font-size: 9.5pt; }
.simulated ul { margin: 0; }
figure { margin: 1.5mm 0 2.5mm; break-inside: avoid; }
figure img { display: block; width: ${FIGURE_WIDTH_MM}mm; height: auto; }
figure.chart img { border: 0.6px solid #d9e2ec; }
figure.tree pre { font-family: "DejaVu Sans Mono", monospace; font-size: 7pt; line-height: 1.25; background: #f7f9fb; border: 0.6px solid #d9e2ec; padding: 1.2mm 2mm; margin: 0; white-space: pre; overflow: hidden; }
figcaption { font-size: 7.8pt; color: #3e4c59; margin-top: 0.8mm; }
figcaption b { color: #1f2933; }
span.source { color: #7b8794; }
p.note { font-size: 7.6pt; color: #52606d; }
`;

export function reportHtml(doc: ReportDocument): string {
  let figureNumber = 0;
  const caption = (text: string) => `<figcaption><b>Figure ${++figureNumber}.</b> ${text}</figcaption>`;
  const figure = (f: ReportFigure) =>
    `<figure class="chart"><img src="${doc.imageSrc(f.file)}" alt="${html(f.caption)}">${caption(html(f.caption))}</figure>`;
  const architecture = `<figure class="architecture"><img src="data:image/svg+xml;base64,${Buffer.from(doc.architectureSvg).toString("base64")}" alt="Instrumentation pipeline">${caption(
    "Request → pipeline spans → redaction → trace adapters (Langfuse, LangSmith, OTLP) → local backend or the vendors' services; metrics → Prometheus → alerts and a generated Grafana dashboard; the contract configures the alert rules and the sampler.",
  )}</figure>`;
  const tasks = doc.sections
    .map((s) => {
      // Tree printouts are numbered figures too: give them their number in reading order.
      const observed = md(s.observations).replace(
        /<figcaption>/g,
        () => `<figcaption><b>Figure ${++figureNumber}.</b> `,
      );
      const figures = s.figures ?? [];
      const left = figures.filter((f) => !doc.shownFigures.has(f.name));
      const note = left.length
        ? `<p class="note">Left out for length: ${left.map((f) => `<code>${html(f.name)}</code>`).join(", ")} (in the zip's <code>screenshots/</code> and the notebook).</p>`
        : "";
      return `<section class="task"><h2>Task ${s.task}: ${html(s.title)}</h2>
${s.approach ? `<h3>Approach</h3>${md(s.approach)}\n<h3>Observed</h3>` : ""}${observed}${figures
        .filter((f) => doc.shownFigures.has(f.name))
        .map(figure)
        .join("\n")}${note}${s.afterFigures ? md(s.afterFigures) : ""}</section>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${html(doc.title)}</title><style>${CSS}</style></head>
<body>
<h1>${html(doc.title)}</h1>
<p class="subtitle">${html(doc.subtitle)}</p>
<div class="simulated"><h2>What was simulated in this run</h2>${md(doc.simulated.map((s) => `- ${s}`).join("\n"))}</div>
<h2>Architecture</h2>
${architecture}
<h2>Assumptions</h2>
${doc.assumptions}
<h3>The price table behind the cost metric</h3>
${doc.prices}
${tasks}
<h2>What the observability stack costs</h2>
${md(doc.stackCost)}
<h2>Trade-offs, risks and limitations</h2>
${md(doc.risks)}
<h2>What surprised us</h2>
${md(doc.surprises)}
<h2>Rollout plan</h2>
${md(doc.rollout)}
<h2>Substitutions for the assignment's Python tools</h2>
${doc.substitutions}
<h2>Key learnings: LLM observability versus traditional monitoring</h2>
${md(doc.learnings)}
</body></html>`;
}
