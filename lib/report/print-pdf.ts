/** HTML to an A4 PDF with Chromium's print-to-PDF, page numbers in the footer. */
import type { ChromiumOptions } from "./chromium";
import { withChromiumPage } from "./chromium";

const FOOTER = `<div style="width:100%;font-family:'DejaVu Sans',sans-serif;font-size:7.5px;color:#66727f;padding:0 14mm;display:flex;justify-content:space-between">
<span class="title"></span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`;

export async function printPdf(html: string, path: string, options: ChromiumOptions = {}): Promise<void> {
  await withChromiumPage(async (page) => {
    await page.setContent(html, { waitUntil: "load" });
    await page.evaluate("document.fonts.ready.then(() => true)");
    await page.pdf({
      path,
      format: "A4",
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      footerTemplate: FOOTER,
      margin: { top: "13mm", bottom: "15mm", left: "14mm", right: "14mm" },
    });
  }, options);
}
