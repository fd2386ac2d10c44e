/**
 * Token counts the way OpenAI bills them, with gpt-tokenizer: chat prompts through its chat
 * template for the model (o200k_base for the gpt-4o / gpt-4.1 families), completions as plain
 * text. Models the tokenizer does not know are counted as gpt-4o.
 */
import { encode, encodeChat } from "gpt-tokenizer";
import { baseModel } from "../pricing";

export interface ChatMessageLike {
  role: string;
  content: string;
}

type TokenizerModel = Parameters<typeof encodeChat>[1];

export function countPromptTokens(messages: readonly ChatMessageLike[], model: string): number {
  const chat = messages.map((m) => ({ role: m.role as "system" | "user" | "assistant", content: m.content }));
  try {
    return encodeChat(chat, baseModel(model) as TokenizerModel).length;
  } catch {
    return encodeChat(chat, "gpt-4o").length;
  }
}

export function countTextTokens(text: string): number {
  return encode(text).length;
}
