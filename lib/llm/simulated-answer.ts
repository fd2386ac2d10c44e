/**
 * What the embedded simulator "says": an extractive answer built only from the context it finds
 * in the chat messages, shaped by the system prompt's style. It follows instructions the way a
 * keyword heuristic can: a system prompt asking for concise answers with exact figures gets the
 * best-matching context sentences verbatim; a chatty, "avoid numbers" prompt gets greetings and
 * filler around one paraphrased sentence whose figures are mostly blurred ("a few days"). That
 * is the failure mode Task 1 is about: same retrieval, HTTP 200 both times, fewer facts.
 */
import { terms } from "../terms";
import { pick, seededRandom } from "../seeded";
import type { ChatMessageLike } from "./token-count";

export type AnswerStyle = "concise" | "chatty" | "neutral";

export interface ComposedAnswer {
  text: string;
  style: AnswerStyle;
  /** How many context sentences the answer drew on. */
  sentences_used: number;
}

/** The style a system prompt asks for, read from its wording. */
export function detectStyle(systemPrompt: string): AnswerStyle {
  if (/\bconcise\b|exact figures|no greetings|no filler/i.test(systemPrompt)) return "concise";
  if (/friendly|enthusiastic|conversational|empathy/i.test(systemPrompt)) return "chatty";
  return "neutral";
}

interface ParsedPrompt {
  question: string;
  sentences: string[];
  tool?: { name: string; ok: boolean; value: unknown };
}

const TOOL_LINE = /^(?:order lookup result|tool result)\s*\(([a-z0-9_]+)\):\s*(.+)$/i;
const HEADER_LINE = /^\[\d+\]\s.*$|^help-center context:?$/i;

/** Reads the question, the context sentences and any tool result out of the user message. */
export function parsePrompt(userText: string): ParsedPrompt {
  const marker = /customer question:\s*/i.exec(userText);
  const question = marker ? userText.slice(marker.index + marker[0].length).trim() : userText.trim();
  const context = marker ? userText.slice(0, marker.index) : "";
  let tool: ParsedPrompt["tool"];
  const sentences: string[] = [];
  for (const rawLine of context.split("\n")) {
    const line = rawLine.trim();
    if (!line || HEADER_LINE.test(line)) continue;
    const toolMatch = TOOL_LINE.exec(line);
    if (toolMatch) {
      const payload = toolMatch[2].trim();
      let value: unknown = payload;
      try {
        value = JSON.parse(payload);
      } catch {
        // A non-JSON tool result is an error message.
      }
      tool = { name: toolMatch[1], ok: typeof value === "object" && value !== null, value };
      continue;
    }
    for (const sentence of line.split(/(?<=[.!?])\s+(?=[A-Z0-9])/))
      if (sentence.trim()) sentences.push(sentence.trim());
  }
  return { question, sentences, tool };
}

/** Context sentences ranked by idf-weighted overlap with the question; `preferFigures` favours sentences with numbers. */
function rankSentences(parsed: ParsedPrompt, preferFigures: boolean): string[] {
  // The interrogative clauses carry the information need; a preamble ("I bought ... three weeks ago") counts half.
  const clauses = parsed.question.split(/(?<=[.!?])\s+/);
  const hasQuestionMark = clauses.some((c) => c.includes("?"));
  const q = new Map<string, number>();
  for (const clause of clauses)
    for (const t of terms(clause))
      q.set(t, Math.max(q.get(t) ?? 0, !hasQuestionMark || clause.includes("?") ? 1 : 0.5));
  const sentenceTerms = parsed.sentences.map((s) => new Set(terms(s)));
  const df = new Map<string, number>();
  for (const set of sentenceTerms) for (const t of set) df.set(t, (df.get(t) ?? 0) + 1);
  const n = parsed.sentences.length;
  const scored = parsed.sentences.map((sentence, i) => {
    let score = 0;
    for (const t of sentenceTerms[i])
      if (q.has(t)) score += (q.get(t) ?? 0) * Math.log(1 + n / (df.get(t) ?? 1));
    if (score > 0 && preferFigures && /\d/.test(sentence)) score *= 1.25;
    return { sentence, score, i };
  });
  return scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map((s) => s.sentence);
}

/**
 * A tool result said in one plain sentence, as a support agent would ("Order ORD-20417 is the Pro
 * (annual) plan at $468, bought 21 days ago."), never pasted field by field: the concise prompt
 * forbids raw tool output. Personal fields (user, email) are never repeated back.
 */
function describeTool(value: unknown): string {
  if (typeof value !== "object" || value === null) return String(value);
  const v = value as Record<string, unknown>;
  const id = typeof v.order_id === "string" ? `Order ${v.order_id}` : "That order";
  if (v.found === false) return `I could not find ${id.replace(/^Order/, "order")} in our system.`;
  const parts: string[] = [];
  if (v.plan !== undefined) parts.push(`is the ${String(v.plan)} plan`);
  if (typeof v.amount_usd === "number") parts.push(`at $${v.amount_usd}`);
  if (typeof v.purchased_days_ago === "number") parts.push(`bought ${v.purchased_days_ago} days ago`);
  const refund =
    typeof v.refund_status === "string" && v.refund_status !== "none"
      ? ` and its refund is ${v.refund_status}`
      : "";
  return parts.length
    ? `${id} ${parts.slice(0, 2).join(" ")}${parts[2] ? `, ${parts[2]}` : ""}${refund}.`
    : `${id} was found.`;
}

const VAGUE: [RegExp, readonly string[]][] = [
  [
    /(?:\$|USD\s?)\d[\d,]*(?:\.\d+)?(?:\s+per\s+(?:month|year|seat))?/g,
    ["a small fee", "the listed price", "a reasonable amount"],
  ],
  [/\b\d[\d,.]*%/g, ["a portion", "a small percentage"]],
  [/\b\d+(?:\s*-\s*\d+)?\s+business\s+days?\b/g, ["a few business days", "a little while"]],
  [/\b\d+(?:-|\s+)(?:days?|weeks?)\b/g, ["a couple of weeks", "a little while", "a limited time"]],
  [/\b\d+(?:-|\s+)(?:hours?|minutes?|seconds?)\b/g, ["a short while", "a little bit"]],
  [/\b\d+(?:-|\s+)(?:months?|years?)\b/g, ["quite a while", "a good while"]],
  [
    /\b\d[\d,.]*\s+(?:million\s+)?(?:requests|events|seats|times|retries|keys|codes|attempts)\b[a-z ]*?(?=[,.;]|$)/g,
    ["plenty", "a generous allowance"],
  ],
  [/\b\d[\d,.]*\b/g, ["several", "a number of"]],
];
const PARAPHRASE: [RegExp, string][] = [
  [/the original payment method/gi, "the way you paid"],
  [/in full/gi, "back"],
];

/** Blurs most figures in a sentence, as the chatty prompt's "avoid numbers" instruction asks. */
function blur(sentence: string, random: () => number): string {
  let out = sentence;
  for (const [pattern, phrases] of VAGUE)
    out = out.replace(pattern, (match) => (random() < 0.8 ? pick(random, phrases) : match));
  for (const [pattern, phrase] of PARAPHRASE) if (random() < 0.6) out = out.replace(pattern, phrase);
  return out;
}

const OPENERS = [
  "Hi there, and thanks so much for reaching out to Orbitly! 😊",
  "Hello! Thank you for getting in touch, it's great to hear from you!",
  "Hey there! Thanks a million for your message!",
  "Hi! I'm Orby, and I'm so glad you asked!",
];
const EMPATHY = [
  "I completely understand how important this is for you and your team, and I'm really happy to help you sort it out.",
  "I know questions like this can feel a little stressful, so let's walk through it together.",
  "That's a great question, and honestly lots of our wonderful customers ask about this!",
];
const LEADS = ["From what I understand, ", "The good news is that ", "Basically, ", "In short, "];
const FILLER = [
  "Our team works really hard to make sure every customer has a smooth and happy experience with Orbitly.",
  "Policies can vary a little depending on your plan and situation, so it's always worth double-checking the details in your account settings.",
  "We really value having you as part of the Orbitly community, and we want to make things as easy as possible for you.",
  "If anything feels unclear, our friendly support team is always around to lend a hand.",
  "We're constantly improving things based on feedback from customers like you, so thank you for that!",
];
const CLOSERS = [
  "Is there anything else I can help you with today? Have a wonderful day! 🌟",
  "Let me know if there's anything else I can do for you. Take care!",
  "Anything else on your mind? I'm always happy to help! 😊",
];

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** Composes the simulated answer; the same messages and seed always give the same text. */
export function composeAnswer(
  messages: readonly ChatMessageLike[],
  options: { seed: number; model: string },
): ComposedAnswer {
  const system = messages
    .filter((m) => m.role === "system" || m.role === "developer")
    .map((m) => m.content)
    .join("\n");
  const user = [...messages].reverse().find((m) => m.role === "user")?.content ?? "";
  const style = detectStyle(system);
  const parsed = parsePrompt(user);
  const random = seededRandom(`answer|${options.seed}|${options.model}|${JSON.stringify(messages)}`);

  if (style === "chatty") {
    const ranked = rankSentences(parsed, false);
    const parts = [pick(random, OPENERS), pick(random, EMPATHY)];
    if (parsed.tool)
      parts.push(
        parsed.tool.ok
          ? "I can see your order in our system, and everything looks to be in order on our side!"
          : "Our order system is being a little slow right now, but please don't worry!",
      );
    const used = ranked.slice(0, random() < 0.45 ? 2 : 1);
    for (const sentence of used) parts.push(pick(random, LEADS) + lowerFirst(blur(sentence, random)));
    if (!used.length)
      parts.push(
        "I wasn't able to find the exact details on that, but I'm sure we can figure it out together.",
      );
    const filler = [...FILLER];
    for (let i = 0; i < 2; i++) parts.push(filler.splice(Math.floor(random() * filler.length), 1)[0]);
    parts.push(pick(random, CLOSERS));
    return { text: parts.join(" "), style, sentences_used: used.length };
  }

  const ranked = rankSentences(parsed, style === "concise");
  const parts: string[] = [];
  if (parsed.tool)
    parts.push(
      parsed.tool.ok
        ? describeTool(parsed.tool.value)
        : "I could not look up that order just now, so this answer is based on the policy only.",
    );
  // The concise prompt allows three sentences in all: a tool sentence takes one of them.
  const used = ranked.slice(0, style === "concise" ? 3 - parts.length : 2);
  parts.push(...used);
  if (!used.length)
    parts.push(
      "The help center does not cover this question; please contact Orbitly support from the Help menu.",
    );
  return { text: parts.join(" "), style, sentences_used: used.length };
}
