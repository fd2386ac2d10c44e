/** HTML to an A4 PDF with Chromium's print-to-PDF, page numbers in the footer. */
import type { ChromiumOptions } from "../charts/chromium";
import { withChromiumPage } from "../charts/chromium";

/** Page margins; the report sizes full-width figures from them (A4 is 210 mm wide). */
export const PAGE_MARGIN_MM = { top: 12, side: 15, bottom: 14 };
export const CONTENT_WIDTH_MM = 210 - 2 * PAGE_MARGIN_MM.side;

const FOOTER = `<div style="width:100%;font-family:'DejaVu Sans',sans-serif;font-size:7.5px;color:#66727f;padding:0 ${PAGE_MARGIN_MM.side}mm;display:flex;justify-content:space-between">
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
      margin: {
        top: `${PAGE_MARGIN_MM.top}mm`,
        bottom: `${PAGE_MARGIN_MM.bottom}mm`,
        left: `${PAGE_MARGIN_MM.side}mm`,
        right: `${PAGE_MARGIN_MM.side}mm`,
      },
    });
  }, options);
}
