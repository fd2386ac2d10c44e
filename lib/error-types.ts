/**
 * The error taxonomy the metrics speak: a trace's free-text `error` reduced to one of a few
 * types, so dashboards and Prometheus labels stay low-cardinality and never carry raw text.
 */
export const ERROR_TYPES = ["rate_limit", "timeout", "context_overflow", "provider_5xx", "other"] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

// Order matters: "504 Gateway Timeout" is a timeout, "429 ... (server overloaded)" a rate limit.
const RULES: readonly [ErrorType, RegExp][] = [
  ["rate_limit", /rate.?limit|\b429\b|too many requests/i],
  ["timeout", /time.?out|timed out|etimedout|deadline exceeded|\b504\b|\b408\b/i],
  [
    "context_overflow",
    /context.?(length|overflow|window)|maximum context|too many tokens|context_length_exceeded/i,
  ],
  [
    "provider_5xx",
    /provider_5xx|\b5\d\d\b|server error|overloaded|bad gateway|service unavailable|internalservererror/i,
  ],
];

/** Classifies an error message; anything unrecognised is "other" (counted, never dropped). */
export function classifyError(error: string): ErrorType {
  for (const [type, pattern] of RULES) if (pattern.test(error)) return type;
  return "other";
}
