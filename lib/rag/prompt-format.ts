/**
 * Each prompt version's own format rules, checked on an answer: v2.1 promises at most three
 * sentences, no greetings and no pasted tool output; v1.0 promises a greeting and a closing offer
 * of more help. A violation is a value, never an exception. The simulator is built to follow these
 * rules, and prompt-format.test.ts checks its answers against them; a real model's answers can be
 * checked the same way.
 */
import { getPrompt, type PromptVersion } from "./prompts";

export interface FormatRules {
  /** Most sentences an answer may have. */
  maxSentences?: number;
  /** No greeting ("Hi", "Hello", "Thanks for reaching out"). */
  noGreeting?: boolean;
  /** Tool results are summarised in words, never pasted (JSON, snake_case keys, "key value; key value" dumps). */
  noRawToolOutput?: boolean;
  /** Opens with a greeting. */
  greets?: boolean;
  /** Ends by asking whether there is anything else to help with. */
  offersMoreHelp?: boolean;
}

/** The rules each prompt text states, keyed by prompt id. */
export const FORMAT_RULES: Readonly<Record<string, FormatRules>> = {
  "v1.0": { greets: true, offersMoreHelp: true },
  "v2.1": { maxSentences: 3, noGreeting: true, noRawToolOutput: true },
};

export interface FormatCheck {
  prompt_version: string;
  ok: boolean;
  sentences: number;
  violations: string[];
}

const GREETING =
  /^\s*(hi|hello|hey|greetings|good (morning|afternoon|evening))\b|thanks? (so much )?for (reaching out|getting in touch|your message)/i;

/** Sentences as a reader counts them: split after . ! ? (and emoji-closed exclamations) before a capital or digit. */
export function splitSentences(text: string): string[] {
  return String(text ?? "")
    .trim()
    .split(
      /(?<=[.!?])\s+(?=[\p{Lu}\p{N}"'(\p{Extended_Pictographic}])|(?<=\p{Extended_Pictographic})\s+(?=\p{Lu})/u,
    )
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
}

/**
 * What a pasted tool result looks like: JSON objects or arrays, quoted keys, snake_case field names,
 * or "key value; key value" lists. Redaction tokens (`[REDACTED_EMAIL]`) are prose, not JSON.
 */
export function looksLikeRawToolOutput(text: string): boolean {
  return (
    /[{}]|\[\s*[{"\d]|"\w+"\s*:|\b[a-z]+_[a-z_]+\b/.test(text) ||
    /(?:;\s*[a-z]+(?: [a-z]+)? [^;.]+){2,}/i.test(text)
  );
}

/** Checks `answer` against the format rules of `promptVersion` (an id or alias). */
export function checkFormat(answer: string, promptVersion: string | PromptVersion): FormatCheck {
  const prompt = typeof promptVersion === "string" ? getPrompt(promptVersion) : promptVersion;
  const rules = FORMAT_RULES[prompt.id] ?? {};
  const sentences = splitSentences(answer);
  const violations: string[] = [];
  if (rules.maxSentences !== undefined && sentences.length > rules.maxSentences)
    violations.push(`${sentences.length} sentences, over the limit of ${rules.maxSentences}`);
  if (rules.noGreeting && GREETING.test(answer))
    violations.push("greets the customer, which the prompt forbids");
  if (rules.noRawToolOutput && looksLikeRawToolOutput(answer))
    violations.push("pastes raw tool output instead of saying it in words");
  if (rules.greets && !GREETING.test(sentences[0] ?? "")) violations.push("does not open with a greeting");
  if (rules.offersMoreHelp && !/anything else/i.test(sentences.slice(-2).join(" ")))
    violations.push("does not end by offering more help");
  return { prompt_version: prompt.id, ok: violations.length === 0, sentences: sentences.length, violations };
}
