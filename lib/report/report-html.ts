/**
 * The report as one self-contained HTML page (images inlined as data: URLs) for Chromium to print.
 * Markdown from the sections goes through `marked`; values inside it were escaped by the sections.
 */
import { marked } from "marked";
import type { ReportSection } from "./report-section";
import { html } from "./units";

export interface ReportDocument {
  title: string;
  subtitle: string;
  simulated: string[];
  architectureSvg: string;
  sections: ReportSection[];
  /** Charts with their image already inlined (`src` is a data: URL). */
  charts: { caption: string; src: string }[];
  learnings: string;
}

const md = (text: string) => marked.parse(text, { async: false, gfm: true }) as string;

const CSS = `
@page { size: A4; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Verdana, sans-serif; font-size: 8.6pt; line-height: 1.36; color: #1f2933; margin: 0; }
h1 { font-size: 16pt; margin: 0 0 1mm; }
.subtitle { color: #52606d; margin: 0 0 3mm; }
h2 { font-size: 11.5pt; margin: 4mm 0 1.5mm; padding-bottom: 0.8mm; border-bottom: 1.2px solid #9aa5b1; break-after: avoid; }
h3 { font-size: 9pt; margin: 2mm 0 0.8mm; color: #334e68; break-after: avoid; }
p { margin: 0 0 1.6mm; text-align: justify; hyphens: auto; }
ul { margin: 0 0 1.6mm; padding-left: 5mm; }
li { margin-bottom: 1mm; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 0.9em; background: #f0f4f8; padding: 0 0.6mm; border-radius: 1mm; }
table { border-collapse: collapse; margin: 1.2mm 0 2.4mm; font-size: 7.6pt; break-inside: avoid; }
th, td { border: 0.6px solid #bcccdc; padding: 0.7mm 1.6mm; text-align: left; vertical-align: top; }
th { background: #e6edf5; }
table.mono td { font-family: "DejaVu Sans Mono", monospace; font-size: 6.9pt; overflow-wrap: anywhere; }
table.mono { width: 100%; }
table.mono td:first-child { white-space: nowrap; overflow-wrap: normal; }
table.thresholds { width: 100%; }
table.thresholds td:last-child { font-size: 6.8pt; color: #3e4c59; }
table.thresholds td:nth-child(-n+6) { white-space: nowrap; }
.status { font-weight: bold; padding: 0 1.2mm; border-radius: 1mm; color: #fff; }
.status.green { background: #2f855a; } .status.yellow { background: #b7791f; } .status.red { background: #c53030; } .status.no-data { background: #7b8794; }
.simulated { border: 1px solid #d69e2e; background: #fffaf0; padding: 1.6mm 3mm; margin: 2mm 0 1mm; border-radius: 1.5mm; break-inside: avoid; }
.simulated h2 { border: 0; margin: 0 0 1mm; font-size: 10pt; }
.simulated ul { margin: 0; }
figure { margin: 0; break-inside: avoid; }
figure.architecture img { width: 100%; }
figcaption { font-size: 7.6pt; color: #52606d; margin-top: 0.6mm; }
.task { break-inside: auto; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm 5mm; }
.charts img { width: 100%; height: 49mm; object-fit: contain; border: 0.6px solid #d9e2ec; }
.charts.many { grid-template-columns: 1fr 1fr 1fr; }
.charts.many img { height: 46mm; }
`;

export function reportHtml(doc: ReportDocument): string {
  const svg = `data:image/svg+xml;base64,${Buffer.from(doc.architectureSvg).toString("base64")}`;
  const tasks = doc.sections
    .map(
      (s) => `<section class="task"><h2>Task ${s.task}: ${html(s.title)}</h2>
<h3>Approach</h3>${md(s.approach)}
<h3>Observed</h3>${md(s.observations)}</section>`,
    )
    .join("\n");
  const charts = doc.charts.map((c) => `<figure><img src="${c.src}" alt="${html(c.caption)}"><figcaption>${html(c.caption)}</figcaption></figure>`).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${html(doc.title)}</title><style>${CSS}</style></head>
<body>
<h1>${html(doc.title)}</h1>
<p class="subtitle">${html(doc.subtitle)}</p>
<div class="simulated"><h2>What was simulated in this run</h2>${md(doc.simulated.map((s) => `- ${s}`).join("\n"))}</div>
<h2>Architecture of the instrumentation</h2>
<figure class="architecture"><img src="${svg}" alt="Instrumentation pipeline"><figcaption>Request → pipeline spans → redaction → trace adapters (Langfuse, LangSmith, OTLP) → local backend or the vendors' services; metrics → Prometheus → alerts, and a generated Grafana dashboard; the contract configures the alert rules and the sampler, which the trace adapters apply after each request and Task 6 measures on trace batches. (report/architecture.svg)</figcaption></figure>
${tasks}
<h2>Charts</h2>
<div class="charts${doc.charts.length > 6 ? " many" : ""}">${charts}</div>
<h2>Key learnings: LLM observability versus traditional monitoring</h2>
${md(doc.learnings)}
</body></html>`;
}
