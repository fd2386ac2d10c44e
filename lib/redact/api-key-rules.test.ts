import { describe, expect, it } from "vitest";
import { apiKeyRule } from "./api-key-rules";

/** One key per prefix: the token must name the vendor whose alternative matched. */
const KEYS: [string, string][] = [
  ["sk-proj-abcdefghijklmnop", "OPENAI_KEY"],
  ["sk-abcdefghijklmnopqrstuv", "OPENAI_KEY"],
  ["sk-ant-api03-abcdefghij", "ANTHROPIC_KEY"],
  ["sk-lf-12345678-aaaa", "LANGFUSE_KEY"],
  ["pk-lf-12345678-bbbb", "LANGFUSE_KEY"],
  ["sk_live_abcdefghij12", "STRIPE_KEY"],
  ["pk_test_abcdefghij12", "STRIPE_KEY"],
  ["rk_live_abcdefghij12", "STRIPE_KEY"],
  ["whsec_abcdefghijklmnop12", "STRIPE_KEY"],
  ["lsv2_pt_abcdefgh12", "LANGSMITH_KEY"],
  ["ls__abcdefghijklmnopqrstu", "LANGSMITH_KEY"],
  ["AKIAABCDEFGHIJKLMNOP", "AWS_ACCESS_KEY"],
  ["ASIAABCDEFGHIJKLMNOP", "AWS_ACCESS_KEY"],
  ["AIzaSyabcdefghijklmnopqrstuvwxyz", "GOOGLE_API_KEY"],
  ["GOCSPX-abcdefghijklmnopqrstu", "GOOGLE_API_KEY"],
  ["ya29.abcdefghijklmnopqrstuvwx", "GOOGLE_API_KEY"],
  ["ghp_abcdefghijklmnopqrstuvwx", "GITHUB_TOKEN"],
  ["github_pat_abcdefghijklmnopqrstuvw", "GITHUB_TOKEN"],
  ["glpat-abcdefghijklmnopqrstu", "API_KEY"],
  ["hf_abcdefghijklmnopqrstuvwxyzABCDEF", "API_KEY"],
  ["xoxb-1234567890-abcdef", "SLACK_TOKEN"],
  ["xapp-1-abcdefghijkl", "SLACK_TOKEN"],
  ["https://hooks.slack.com/services/T000/B000/abcdefghijklmnopqrstu", "SLACK_TOKEN"],
  ["hooks.slack.com/services/T000/B000/abcdefghijklmnopqrstu", "SLACK_TOKEN"],
  ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc", "JWT"],
];

describe("vendor keys", () => {
  it.each(KEYS)("%s is a %s", (key, type) => {
    expect(apiKeyRule.apply(`token for prod: ${key} (rotated)`)).toBe(
      `token for prod: [REDACTED_${type}] (rotated)`,
    );
  });
});
