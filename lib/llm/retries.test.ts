import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { observeAttempts } from "./attempts";
import { createLlmClient, llmClientInfo } from "./create-llm-client";

const ask =
  (client: OpenAI, content = "What is the refund window?") =>
  () =>
    client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content }] });

describe("fault injection through the real SDK's retry code", () => {
  it("429 on every attempt: the SDK tries 1 + maxRetries times, then throws RateLimitError", async () => {
    const client = createLlmClient({ maxRetries: 2, simulator: { timeScale: 0, faults: { rateLimit: 1 } } });
    const result = await observeAttempts(ask(client));
    expect(result.ok).toBe(false);
    if (result.ok === false) expect(result.error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(result.attempts.map((a) => a.status)).toEqual([429, 429, 429]);
    expect(result.attempts.map((a) => a.retry_count)).toEqual([0, 1, 2]);
    expect(llmClientInfo(client).simulatorStats?.faults.rate_limit).toBe(3);
  });

  it("500s honour a larger retry budget", async () => {
    const client = createLlmClient({
      maxRetries: 4,
      simulator: { timeScale: 0, faults: { serverError: 1 } },
    });
    const result = await observeAttempts(ask(client));
    expect(result.ok === false && result.error instanceof OpenAI.InternalServerError).toBe(true);
    expect(result.attempts).toHaveLength(5);
  });

  it("a hang is cut by the SDK's own timeout and retried, ending in APIConnectionTimeoutError", async () => {
    const client = createLlmClient({
      maxRetries: 1,
      timeoutMs: 40,
      simulator: { timeScale: 0, faults: { timeout: 1 } },
    });
    const result = await observeAttempts(ask(client));
    expect(result.ok === false && result.error instanceof OpenAI.APIConnectionTimeoutError).toBe(true);
    expect(result.attempts.map((a) => a.error)).toEqual(["AbortError", "AbortError"]);
  });

  it("at a 50% fault rate some calls succeed only on a retry, and the observer sees the failed attempt", async () => {
    const client = createLlmClient({
      maxRetries: 3,
      simulator: { timeScale: 0, faults: { rateLimit: 0.25, serverError: 0.25 } },
    });
    const outcomes = [];
    for (let i = 0; i < 20; i++) outcomes.push(await observeAttempts(ask(client, `question number ${i}`)));
    const recovered = outcomes.filter((o) => o.ok === true && o.attempts.length > 1);
    expect(recovered.length).toBeGreaterThan(0);
    for (const o of recovered) {
      expect(o.attempts.at(-1)?.status).toBe(200);
      expect(o.attempts.slice(0, -1).every((a) => a.status === 429 || a.status === 500)).toBe(true);
    }
  });

  it("fault outcomes are a pure function of (seed, request, retry count)", async () => {
    const run = async () => {
      const client = createLlmClient({
        maxRetries: 3,
        simulator: { seed: 9, timeScale: 0, faults: { rateLimit: 0.3, serverError: 0.3 } },
      });
      const statuses: string[] = [];
      for (let i = 0; i < 8; i++)
        statuses.push((await observeAttempts(ask(client, `q${i}`))).attempts.map((a) => a.status).join(","));
      return statuses;
    };
    expect(await run()).toEqual(await run());
  });

  it("attributes attempts to the right call when calls run concurrently", async () => {
    const client = createLlmClient({
      maxRetries: 2,
      simulator: { timeScale: 0, faults: { rateLimit: 0.5 } },
    });
    const concurrent = await Promise.all(
      Array.from({ length: 10 }, (_, i) => observeAttempts(ask(client, `c${i}`))),
    );
    const sequential = [];
    for (let i = 0; i < 10; i++) sequential.push(await observeAttempts(ask(client, `c${i}`)));
    expect(concurrent.map((o) => o.attempts.length)).toEqual(sequential.map((o) => o.attempts.length));
  });
});
