/**
 * The prompt registry. A version's `id` is what traces record as `prompt_version`, and its
 * `hash` (sha256 of the text) proves which exact text ran: edit a prompt without bumping its
 * id and the hash in old traces no longer matches. v1 is the chatty prompt the bot launched
 * with; v2 is the concise, fact-first rewrite.
 */
import { createHash } from "node:crypto";
import { WorkbookError } from "../workbook-error";

export interface PromptVersion {
  id: string;
  /** The major version, used in the trace name (`support-bot.ask.v2`). */
  major: number;
  style: "chatty" | "concise";
  description: string;
  text: string;
  /** Hex sha256 of `text`. */
  hash: string;
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

const define = (
  id: string,
  style: PromptVersion["style"],
  description: string,
  text: string,
): PromptVersion => ({
  id,
  major: Number(/^v(\d+)/.exec(id)?.[1] ?? 0),
  style,
  description,
  text,
  hash: sha256(text),
});

export const PROMPTS: readonly PromptVersion[] = [
  define(
    "v1.0",
    "chatty",
    "Launch prompt: warm, conversational, paraphrases the help center.",
    "You are Orby, the friendly and enthusiastic support assistant for Orbitly! Greet the customer warmly, " +
      "show lots of empathy and keep the conversation upbeat and personal. Summarise the help-center articles " +
      "in your own words and avoid overwhelming people with numbers or technical details: keep it light and " +
      "conversational. Always end by asking whether there is anything else you can help with.",
  ),
  define(
    "v2.1",
    "concise",
    "Rewrite: concise, answers only from context, states exact figures.",
    "You are Orbitly's support assistant. Answer only from the context provided. Be concise: at most three " +
      "sentences. State exact figures (prices, limits, durations) exactly as written in the context. If an order " +
      "lookup result is provided, use it for order-specific details. If the context does not contain the answer, " +
      "say so and point the customer to support. No greetings or filler.",
  ),
];

/** Short names accepted at the API edge: `v1` and `v2` mean the latest minor of that major. */
export const PROMPT_ALIASES: Readonly<Record<string, string>> = { v1: "v1.0", v2: "v2.1" };

export const DEFAULT_PROMPT_VERSION = "v2.1";

export class UnknownPromptVersionError extends WorkbookError {
  override name = "UnknownPromptVersionError";
  constructor(readonly requested: string) {
    super(`unknown prompt version "${requested}"; known: ${knownPromptVersions().join(", ")}`);
  }
}

/** Every id and alias `getPrompt` accepts. */
export function knownPromptVersions(): string[] {
  return [...PROMPTS.map((p) => p.id), ...Object.keys(PROMPT_ALIASES)];
}

/** The prompt for an id or alias, or undefined. */
export function findPrompt(version: string): PromptVersion | undefined {
  const id = PROMPT_ALIASES[version] ?? version;
  return PROMPTS.find((p) => p.id === id);
}

/** The prompt for an id or alias; throws `UnknownPromptVersionError` (misuse) otherwise. */
export function getPrompt(version: string = DEFAULT_PROMPT_VERSION): PromptVersion {
  const prompt = findPrompt(version);
  if (!prompt) throw new UnknownPromptVersionError(version);
  return prompt;
}
