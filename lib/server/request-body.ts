/** The one way the service checks a JSON request body against its strict zod schema. */
import type { z } from "zod";
import { formatIssues } from "../schema";

export type BodyParse<T> = { ok: true; request: T } | { ok: false; issues: string[] };

/**
 * Validates a parsed JSON body: it must be an object fitting `schema`, and unknown keys are
 * named beside the known ones, so a typo ("promt_version", "traceId") is not silently ignored.
 */
export function parseBody<S extends z.ZodObject>(schema: S, body: unknown): BodyParse<z.infer<S>> {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return { ok: false, issues: ["(root): body must be a JSON object"] };
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, request: result.data };
  const known = Object.keys(schema.shape).join(", ");
  const issues = result.error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => `${key}: is not a known field (known: ${known})`)
      : formatIssues([issue], body),
  );
  return { ok: false, issues };
}
