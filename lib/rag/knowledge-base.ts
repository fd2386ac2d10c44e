/**
 * The support knowledge base: short markdown docs under `data/kb/`, one topic each. A doc's
 * `source` is its path relative to the project root (`data/kb/refund-policy.md`), which is what
 * traces record, so a reader can open the exact text the bot was given.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
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

/** The default location, relative to the working directory (the project root for tests, notebooks and `npm run serve`). */
export const DEFAULT_KB_DIR = "data/kb";

/** Reads every `*.md` in `dir`, sorted by file name so retrieval ties break the same way on every machine. */
export function loadKnowledgeBase(dir: string = DEFAULT_KB_DIR): KbDoc[] {
  const root = resolve(dir);
  let files: string[];
  try {
    files = readdirSync(root)
      .filter((f) => f.endsWith(".md"))
      .sort();
  } catch (error) {
    throw new KnowledgeBaseError(
      `knowledge base directory ${root} cannot be read (${(error as Error).message}); pass kbDir or run from the project root`,
    );
  }
  if (files.length === 0) throw new KnowledgeBaseError(`knowledge base directory ${root} has no .md files`);
  return files.map((file) => {
    const text = readFileSync(join(root, file), "utf8").replace(/\r\n/g, "\n").trim();
    const match = /^#\s+(.+)\n+/.exec(text);
    const rel = relative(process.cwd(), join(root, file)).split("\\").join("/");
    return {
      source: rel.startsWith("..") ? join(root, file) : rel,
      title: match ? match[1].trim() : file.replace(/\.md$/, ""),
      content: (match ? text.slice(match[0].length) : text).trim(),
    };
  });
}
