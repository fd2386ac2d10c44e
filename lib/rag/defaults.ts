/**
 * Lazily built defaults for `answer()` when the caller passes no retriever or tools: one BM25
 * index over `data/kb` and one tool set per (seed, timeScale), shared by every call in the
 * process (a tool keeps per-input call counts, so it must outlive a single request).
 */
import { packagePath } from "../package-root";
import { Bm25Retriever, type Retriever } from "./bm25-retriever";
import { DEFAULT_KB_DIR, loadKnowledgeBase } from "./knowledge-base";
import { createOrderLookupTool } from "./tools/lookup-order";
import type { SupportTool } from "./tools/support-tool";

const retrievers = new Map<string, Retriever>();
const toolSets = new Map<string, readonly SupportTool[]>();

export function defaultRetriever(kbDir: string = packagePath(DEFAULT_KB_DIR)): Retriever {
  let retriever = retrievers.get(kbDir);
  if (!retriever) {
    retriever = new Bm25Retriever(loadKnowledgeBase(kbDir));
    retrievers.set(kbDir, retriever);
  }
  return retriever;
}

export function createDefaultTools({
  seed = 42,
  timeScale = 1,
  failureRate = 0.1,
}: { seed?: number; timeScale?: number; failureRate?: number } = {}): SupportTool[] {
  return [createOrderLookupTool({ seed, timeScale, failureRate })];
}

export function defaultTools({
  seed = 42,
  timeScale = 1,
}: { seed?: number; timeScale?: number } = {}): readonly SupportTool[] {
  const key = `${seed}|${timeScale}`;
  let tools = toolSets.get(key);
  if (!tools) {
    tools = createDefaultTools({ seed, timeScale });
    toolSets.set(key, tools);
  }
  return tools;
}
