/**
 * Renders text printouts (the Task 4 trace trees) to PNG screenshots with headless Chromium,
 * in a monospace font, sized to the text. One browser for the whole batch.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { ChromiumOptions } from "../charts/chromium";
import { withChromiumPage } from "../charts/chromium";
import { html } from "./units";

export interface TextShot {
  title: string;
  text: string;
  /** PNG path to write. */
  out: string;
}

const page = (shot: TextShot) => `<!doctype html><html><head><meta charset="utf-8"><style>
body { margin: 0; background: #ffffff; }
#shot { display: inline-block; margin: 0; border: 1px solid #c5d0dc; border-radius: 6px; overflow: hidden; font-family: "DejaVu Sans Mono", monospace; }
.bar { background: #e6edf5; color: #1f2933; font: bold 13px "DejaVu Sans", sans-serif; padding: 6px 12px; }
pre { margin: 0; padding: 10px 14px; font-size: 13px; line-height: 1.45; color: #1f2933; background: #fbfcfd; white-space: pre; }
</style></head><body><div id="shot"><div class="bar">${html(shot.title)}</div><pre>${html(shot.text.replace(/\s+$/, ""))}</pre></div></body></html>`;

export async function renderTextToPng(
  shots: readonly TextShot[],
  options: ChromiumOptions = {},
): Promise<string[]> {
  if (shots.length === 0) return [];
  return withChromiumPage(
    async (p) => {
      await p.setViewportSize({ width: 1600, height: 900 });
      const written: string[] = [];
      for (const shot of shots) {
        await p.setContent(page(shot), { waitUntil: "load" });
        mkdirSync(dirname(shot.out), { recursive: true });
        await p.locator("#shot").screenshot({ path: shot.out });
        written.push(shot.out);
      }
      return written;
    },
    { scale: 2, ...options },
  );
}
