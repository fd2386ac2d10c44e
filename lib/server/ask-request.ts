/**
 * The body `POST /ask` accepts. Anything else is a 400 listing every problem as `path: message`.
 */
import { z } from "zod";
import { CUSTOMER_TIERS } from "../schema";
import { parseBody, type BodyParse } from "./request-body";
import { findPrompt, knownPromptVersions } from "../rag/prompts";

export const MAX_QUERY_CHARS = 4000;

export const AskRequestSchema = z.strictObject({
  query: z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") })
    .trim()
    .min(1, "must not be empty")
    .max(MAX_QUERY_CHARS, `must be at most ${MAX_QUERY_CHARS} characters`),
  user_id: z
    .string({ error: "must be a string" })
    .trim()
    .min(1, "must not be empty")
    .max(200, "must be at most 200 characters")
    .optional(),
  customer_tier: z.enum(CUSTOMER_TIERS, { error: `must be one of ${CUSTOMER_TIERS.join(", ")}` }).optional(),
  prompt_version: z
    .string({ error: "must be a string" })
    .refine((v) => findPrompt(v) !== undefined, {
      error: () => `must be one of ${knownPromptVersions().join(", ")}`,
    })
    .optional(),
});

export type AskRequest = z.infer<typeof AskRequestSchema>;

export type AskParse = BodyParse<AskRequest>;

/** Validates a parsed JSON body (lib/server/request-body.ts). */
export const parseAskRequest = (body: unknown): AskParse => parseBody(AskRequestSchema, body);
