/**
 * The chat messages sent to the LLM: the prompt version's system text, then one user message
 * holding the retrieved docs, any tool results and the question, in labelled sections.
 */
import type { ScoredDoc } from "./bm25-retriever";
import type { PromptVersion } from "./prompts";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ToolOutcome {
  tool_name: string;
  ok: boolean;
  output: unknown;
  error?: string;
}

/** Tool output for the model, minus who asked: the model needs the order, not the customer's identifiers. */
const forModel = (output: unknown) => {
  if (typeof output !== "object" || output === null || Array.isArray(output)) return output;
  const copy = { ...(output as Record<string, unknown>) };
  delete copy.user_id;
  delete copy.email;
  return copy;
};

export function buildMessages(
  prompt: PromptVersion,
  query: string,
  docs: readonly ScoredDoc[],
  tools: readonly ToolOutcome[] = [],
): ChatMessage[] {
  const context = docs.map((d, i) => `[${i + 1}] ${d.title} (${d.source})\n${d.content}`).join("\n\n");
  const toolLines = tools.map(
    (t) =>
      `Tool result (${t.tool_name}): ${t.ok ? JSON.stringify(forModel(t.output)) : `ERROR ${t.error ?? "failed"}`}`,
  );
  const user = [
    `Help-center context:\n${context || "(no documents found)"}`,
    ...toolLines,
    `Customer question: ${query}`,
  ].join("\n\n");
  return [
    { role: "system", content: prompt.text },
    { role: "user", content: user },
  ];
}
