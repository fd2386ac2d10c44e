import { encode, encodeChat } from "gpt-tokenizer";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { buildMessages } from "../rag/build-messages";
import { defaultRetriever } from "../rag/defaults";
import { getPrompt } from "../rag/prompts";
import { createLlmClient, llmClientInfo } from "./create-llm-client";
import { composeAnswer, parsePrompt } from "./simulated-answer";
import { createSimulatorFetch, SIMULATOR_NOTICE } from "./simulator-fetch";

const question =
  "How long do I have to ask for a refund on a monthly Pro subscription, and where does the money go?";
const messagesFor = (version: string, query = question) =>
  buildMessages(getPrompt(version), query, defaultRetriever().search(query, 3));

const complete = (
  client: OpenAI,
  version: string,
  extra: Partial<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming> = {},
) => client.chat.completions.create({ model: "gpt-4o-mini", messages: messagesFor(version), ...extra });

describe("embedded simulator through the openai SDK", () => {
  it("is deterministic for a seed: same text, usage and id on every call and every client", async () => {
    const a = await complete(createLlmClient({ simulator: { seed: 7, timeScale: 0 } }), "v1.0");
    const b = await complete(createLlmClient({ simulator: { seed: 7, timeScale: 0 } }), "v1.0");
    expect(b.choices[0].message.content).toBe(a.choices[0].message.content);
    expect(b.usage).toEqual(a.usage);
    expect(b.id).toBe(a.id);
  });

  it("varies the chatty wording with the seed", async () => {
    const texts = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5])
      texts.add(
        (await complete(createLlmClient({ simulator: { seed, timeScale: 0 } }), "v1.0")).choices[0].message
          .content ?? "",
      );
    expect(texts.size).toBeGreaterThan(1);
  });

  it("reports usage counted with gpt-tokenizer, as OpenAI bills it", async () => {
    const response = await complete(createLlmClient({ simulator: { timeScale: 0 } }), "v2.1");
    const text = response.choices[0].message.content ?? "";
    expect(response.usage?.prompt_tokens).toBe(encodeChat(messagesFor("v2.1"), "gpt-4o-mini").length);
    expect(response.usage?.completion_tokens).toBe(encode(text).length);
    expect(response.usage?.total_tokens).toBe(
      (response.usage?.prompt_tokens ?? 0) + (response.usage?.completion_tokens ?? 0),
    );
  });

  it("answers from the context: v2 states the figures, v1 buries them in filler", async () => {
    const client = createLlmClient({ simulator: { timeScale: 0 } });
    const v2 = (await complete(client, "v2.1")).choices[0].message.content ?? "";
    const v1 = (await complete(client, "v1.0")).choices[0].message.content ?? "";
    expect(v2).toContain("14 days");
    expect(v1.length).toBeGreaterThan(v2.length);
    expect(v1).toMatch(/anything else/i);
  });

  it("says it does not know when the context has nothing relevant", () => {
    const answer = composeAnswer(buildMessages(getPrompt("v2.1"), "Who won the 1998 World Cup?", []), {
      seed: 42,
      model: "gpt-4o-mini",
    });
    expect(answer.sentences_used).toBe(0);
    expect(answer.text).toMatch(/does not cover/);
  });

  it("streams SSE chunks the SDK assembles into the same text, with usage in the last chunk", async () => {
    const client = createLlmClient({ simulator: { timeScale: 0 } });
    const plain = await complete(client, "v2.1");
    const stream = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: messagesFor("v2.1"),
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let chunks = 0;
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta?.content ?? "";
      if (chunk.usage) usage = chunk.usage;
    }
    expect(chunks).toBeGreaterThan(5);
    expect(text).toBe(plain.choices[0].message.content);
    expect(usage).toEqual(plain.usage);
  });

  it("truncates at max_tokens with finish_reason length", async () => {
    const response = await complete(createLlmClient({ simulator: { timeScale: 0 } }), "v1.0", {
      max_tokens: 12,
    });
    expect(response.choices[0].finish_reason).toBe("length");
    expect(response.usage?.completion_tokens).toBeLessThanOrEqual(12);
  });

  it("answers a malformed request the way the API does, which the SDK turns into BadRequestError", async () => {
    const client = createLlmClient({ simulator: { timeScale: 0 } });
    await expect(
      client.chat.completions.create({ model: "gpt-4o-mini", messages: [] }),
    ).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });

  it("really waits TTFT + decode time, scaled by timeScale", async () => {
    const simulator = createSimulatorFetch({ timeScale: 0.05 });
    const client = new OpenAI({
      apiKey: "x",
      baseURL: "http://sim.invalid/v1",
      fetch: simulator,
      maxRetries: 0,
    });
    const start = performance.now();
    const response = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: messagesFor("v1.0"),
    });
    // ~220 ms TTFT + ~14 ms/token at full scale; 5% of that is still measurably above zero.
    const modelled = (220 + 14 * (response.usage?.completion_tokens ?? 0)) * 0.05;
    expect(performance.now() - start).toBeGreaterThan(modelled * 0.3);
  });

  it("says plainly that it answered", () => {
    const info = llmClientInfo(createLlmClient({ simulator: { timeScale: 1 } }));
    expect(info.simulated).toBe(true);
    expect(info.notice).toBe(SIMULATOR_NOTICE);
    // A scaled clock is stated, so latencies quoted from a batch run are not mistaken for real time.
    expect(llmClientInfo(createLlmClient({ simulator: { timeScale: 0.25 } })).notice).toBe(
      `${SIMULATOR_NOTICE} Simulated latencies run at 0.25x real time.`,
    );
    expect(SIMULATOR_NOTICE).toMatch(/embedded simulator.*no OPENAI_API_KEY/);
    expect(
      llmClientInfo(createLlmClient({ apiKey: "test-key-not-used", model: "gpt-4.1-mini" })),
    ).toMatchObject({ simulated: false, model: "gpt-4.1-mini" });
  });

  it("parses the context, tool result and question out of the user message", () => {
    const [, user] = buildMessages(
      getPrompt("v2.1"),
      "Refund for ORD-12345?",
      defaultRetriever().search("refund", 2),
      [
        {
          tool_name: "lookup_order",
          ok: true,
          output: { order_id: "ORD-12345", plan: "Pro (monthly)", user_id: "raw-user" },
        },
      ],
    );
    const parsed = parsePrompt(user.content);
    expect(parsed.question).toBe("Refund for ORD-12345?");
    expect(parsed.tool).toEqual({
      name: "lookup_order",
      ok: true,
      value: { order_id: "ORD-12345", plan: "Pro (monthly)" },
    });
    expect(parsed.sentences.length).toBeGreaterThan(4);
  });
});
