/**
 * The body `POST /feedback` accepts: `{"trace_id": "<id from /ask>", "value": "up" | "down",
 * "comment"?: "..."}`. Anything else is a 400 listing every problem as `path: message`.
 * The id may be the UUID `/ask` returns or the same 128 bits as 32 hex digits (the OTel form a
 * trace viewer shows); both normalise to the lower-case UUID.
 */
import type { FeedbackValue } from "../tracing/feedback-sink";
import { UUID_PATTERN, uuidFromHex } from "../trace-id";
import { z } from "zod";
import { parseBody, type BodyParse } from "./request-body";

/** Longest comment kept, in characters: a sentence or two of why, not a transcript. */
export const MAX_FEEDBACK_COMMENT_CHARS = 1000;
export const FEEDBACK_VALUES = ["up", "down"] as const satisfies readonly FeedbackValue[];

const HEX32 = /^[0-9a-f]{32}$/i;

/** The canonical (lower-case, dashed) form of a trace id, or undefined when it is not one. */
export function canonicalTraceId(id: string): string | undefined {
  const text = id.trim();
  if (UUID_PATTERN.test(text)) return text.toLowerCase();
  if (HEX32.test(text)) return uuidFromHex(text);
  return undefined;
}

export const FeedbackRequestSchema = z.strictObject({
  trace_id: z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") })
    .transform((id, ctx) => {
      const canonical = canonicalTraceId(id);
      if (canonical === undefined) {
        ctx.addIssue({
          code: "custom",
          message: "must be the trace_id /ask returned (a UUID, or its 32 hex digits)",
        });
        return z.NEVER;
      }
      return canonical;
    }),
  value: z.enum(FEEDBACK_VALUES, {
    error: (issue) =>
      issue.input === undefined ? "is required" : `must be one of ${FEEDBACK_VALUES.join(", ")}`,
  }),
  comment: z
    .string({ error: "must be a string" })
    .max(MAX_FEEDBACK_COMMENT_CHARS, `must be at most ${MAX_FEEDBACK_COMMENT_CHARS} characters`)
    .optional(),
});

export type FeedbackRequest = z.infer<typeof FeedbackRequestSchema>;

export type FeedbackParse = BodyParse<FeedbackRequest>;

/** Validates a parsed JSON body (lib/server/request-body.ts). */
export const parseFeedbackRequest = (body: unknown): FeedbackParse => parseBody(FeedbackRequestSchema, body);
