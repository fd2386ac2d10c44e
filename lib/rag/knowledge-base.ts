/**
 * The support knowledge base: short markdown docs under `data/kb/`, one topic each. A doc's
 * `source` is its path relative to the project root (`data/kb/refund-policy.md`), which is what
 * traces record, so a reader can open the exact text the bot was given.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { displayPath, packagePath } from "../package-root";
import { WorkbookError } from "../workbook-error";

export interface KbDoc {
  source: string;
  title: string;
  /** The doc's body without its `# Title` line. */
  content: string;
}

export class KnowledgeBaseError extends WorkbookError {
  override name = "KnowledgeBaseError";
}

/** The knowledge base inside the package; `loadKnowledgeBase()` reads it from the package root, wherever the process runs. */
export const DEFAULT_KB_DIR = "data/kb";

/** Reads every `*.md` in `dir`, sorted by file name so retrieval ties break the same way on every machine. */
export function loadKnowledgeBase(dir: string = packagePath(DEFAULT_KB_DIR)): KbDoc[] {
  const root = resolve(dir);
  let files: string[];
  try {
    files = readdirSync(root)
      .filter((f) => f.endsWith(".md"))
      .sort();
  } catch (error) {
    throw new KnowledgeBaseError(
      `knowledge base directory ${root} cannot be read (${(error as Error).message}); pass kbDir`,
    );
  }
  if (files.length === 0) throw new KnowledgeBaseError(`knowledge base directory ${root} has no .md files`);
  return files.map((file) => {
    const text = readFileSync(join(root, file), "utf8").replace(/\r\n/g, "\n").trim();
    const match = /^#\s+(.+)\n+/.exec(text);
    return {
      // Named from the package root (data/kb/...), so traces name a document the same from any folder.
      source: displayPath(join(root, file)),
      title: match ? match[1].trim() : file.replace(/\.md$/, ""),
      content: (match ? text.slice(match[0].length) : text).trim(),
    };
  });
}
