/**
 * The body `POST /ask` accepts. Anything else is a 400 listing every problem as `path: message`.
 */
import { z } from "zod";
import { formatIssues, CUSTOMER_TIERS } from "../schema";
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

export type AskParse = { ok: true; request: AskRequest } | { ok: false; issues: string[] };

/** Validates a parsed JSON body; unknown keys are rejected so a typo ("promt_version") is not silently ignored. */
export function parseAskRequest(body: unknown): AskParse {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return { ok: false, issues: ["(root): body must be a JSON object"] };
  const result = AskRequestSchema.safeParse(body);
  if (result.success) return { ok: true, request: result.data };
  const known = Object.keys(AskRequestSchema.shape).join(", ");
  const issues = result.error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => `${key}: is not a known field (known: ${known})`)
      : formatIssues([issue], body),
  );
  return { ok: false, issues };
}
