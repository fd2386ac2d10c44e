/** Page count of a PDF: poppler's `pdfinfo` when installed, else the page objects in the file. */
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";

export function pdfPageCount(path: string): number {
  const info = spawnSync("pdfinfo", [path], { encoding: "utf8" });
  const pages = info.status === 0 ? /^Pages:\s+(\d+)/m.exec(info.stdout) : null;
  if (pages) return Number(pages[1]);
  // Chromium (Skia) writes uncompressed object headers, so page objects can be counted directly.
  return (
    readFileSync(path)
      .toString("latin1")
      .match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []
  ).length;
}
