/**
 * The embedded LLM simulator: a `fetch` implementation that speaks OpenAI's Chat Completions
 * wire format, plugged into the real `openai` SDK through its `fetch` option. The SDK still
 * builds the request, parses JSON and SSE, reads `usage`, and runs its own retry and timeout
 * logic against the 429s, 500s and hangs injected here.
 *
 * - Deterministic: text and latency are keyed by (seed, request body); a fault by (seed, request
 *   body, the SDK's `x-stainless-retry-count`), so a retry can succeed where the first try failed,
 *   and concurrency never changes an outcome.
 * - Latency is really waited: TTFT (base + per prompt token, log-normal jitter), then a decode
 *   time per output token, all multiplied by `timeScale` (0 in unit tests).
 * - Usage is counted with gpt-tokenizer, as OpenAI bills it.
 */
import { composeAnswer } from "./simulated-answer";
import { hashKey, lognormal, seededRandom } from "../seeded";
import { abortError, sleep } from "./sleep";
import { countPromptTokens, countTextTokens, type ChatMessageLike } from "./token-count";

export interface FaultRates {
  /** Share of attempts answered 429 (rate limited). */
  rateLimit?: number;
  /** Share of attempts answered 500. */
  serverError?: number;
  /** Share of attempts that hang until the SDK's timeout aborts them. */
  timeout?: number;
}

export interface SimulatorOptions {
  seed?: number;
  /** Multiplies every simulated wait: 1 = realistic, 0 = no waiting at all (tests). */
  timeScale?: number;
  faults?: FaultRates;
  ttftBaseMs?: number;
  ttftMsPerPromptToken?: number;
  decodeMsPerToken?: number;
  /** Wall clock for `created`; content never depends on it. */
  now?: () => number;
}

export interface SimulatorStats {
  requests: number;
  faults: { rate_limit: number; server_error: number; timeout: number };
}

export type SimulatorFetch = ((input: string | URL | Request, init?: RequestInit) => Promise<Response>) & {
  readonly stats: SimulatorStats;
};

/** Response header marking a simulated answer; `llmClientInfo` and the answer pipeline read it. */
export const SIMULATOR_HEADER = "x-workbook-simulator";
export const SIMULATOR_NOTICE = "answered by the embedded simulator (no OPENAI_API_KEY)";

type Json = Record<string, unknown>;

const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", [SIMULATOR_HEADER]: "embedded", ...headers },
  });

const apiError = (
  status: number,
  message: string,
  type: string,
  code: string | null = null,
  headers: Record<string, string> = {},
) => jsonResponse(status, { error: { message, type, param: null, code } }, headers);

async function readBody(input: string | URL | Request, init?: RequestInit): Promise<string> {
  const body = init?.body ?? (input instanceof Request ? await input.clone().text() : undefined);
  if (body === undefined || body === null) return "";
  if (typeof body === "string") return body;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body))
    return Buffer.from(body as ArrayBuffer).toString("utf8");
  return await new Response(body as ConstructorParameters<typeof Response>[0]).text();
}

function headerOf(input: string | URL | Request, init: RequestInit | undefined, name: string): string | null {
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  return headers.get(name);
}

/** Creates the simulator. Each call to the returned fetch is one HTTP attempt. */
export function createSimulatorFetch(options: SimulatorOptions = {}): SimulatorFetch {
  const {
    seed = 42,
    timeScale = 1,
    faults = {},
    ttftBaseMs = 220,
    ttftMsPerPromptToken = 0.15,
    decodeMsPerToken = 14,
    now = Date.now,
  } = options;
  const stats: SimulatorStats = { requests: 0, faults: { rate_limit: 0, server_error: 0, timeout: 0 } };
  const scaled = (ms: number) => ms * Math.max(0, timeScale);

  const simulatorFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    stats.requests++;
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    const signal = init?.signal ?? null;
    if (signal?.aborted) throw abortError(signal);

    if (method === "GET" && url.pathname.endsWith("/models")) {
      return jsonResponse(200, {
        object: "list",
        data: ["gpt-4o-mini", "gpt-4o", "gpt-4.1-mini"].map((id) => ({
          id,
          object: "model",
          created: 0,
          owned_by: "embedded-simulator",
        })),
      });
    }
    if (!(method === "POST" && url.pathname.endsWith("/chat/completions"))) {
      return apiError(
        404,
        `The embedded simulator only serves POST /chat/completions and GET /models (got ${method} ${url.pathname}).`,
        "invalid_request_error",
        "unknown_url",
      );
    }

    const raw = await readBody(input, init);
    let body: Json;
    try {
      body = JSON.parse(raw) as Json;
    } catch {
      return apiError(400, "We could not parse the JSON body of your request.", "invalid_request_error");
    }
    const model = typeof body.model === "string" && body.model ? body.model : undefined;
    if (!model)
      return apiError(
        400,
        "you must provide a model parameter",
        "invalid_request_error",
        "missing_required_parameter",
      );
    const messages = Array.isArray(body.messages)
      ? (body.messages as { role?: unknown; content?: unknown }[])
      : [];
    if (messages.length === 0)
      return apiError(
        400,
        "'messages' must contain at least one message.",
        "invalid_request_error",
        "missing_required_parameter",
      );
    const chat: ChatMessageLike[] = messages.map((m) => ({
      role: String(m.role ?? "user"),
      content:
        typeof m.content === "string"
          ? m.content
          : Array.isArray(m.content)
            ? m.content.map((p) => (p as { text?: string }).text ?? "").join("")
            : "",
    }));

    const requestKey = `${seed}|${hashKey(raw)}`;
    const retryCount = Number(headerOf(input, init, "x-stainless-retry-count") ?? 0);
    const faultRoll = seededRandom(`fault|${requestKey}|${retryCount}`)();
    const { rateLimit = 0, serverError = 0, timeout = 0 } = faults;
    const requestId = `req_sim_${hashKey(`${requestKey}|${retryCount}`).toString(16)}`;
    const retryAfterMs = String(Math.round(scaled(200)));
    if (faultRoll < rateLimit) {
      stats.faults.rate_limit++;
      await sleep(scaled(30), signal);
      return apiError(
        429,
        `Rate limit reached for ${model} (embedded simulator) on requests per min (RPM): Limit 500, Used 500, Requested 1.`,
        "requests",
        "rate_limit_exceeded",
        {
          "retry-after-ms": retryAfterMs,
          "x-request-id": requestId,
        },
      );
    }
    if (faultRoll < rateLimit + serverError) {
      stats.faults.server_error++;
      await sleep(scaled(120), signal);
      return apiError(
        500,
        "The server had an error while processing your request. Sorry about that! (embedded simulator)",
        "server_error",
        null,
        {
          "retry-after-ms": retryAfterMs,
          "x-request-id": requestId,
        },
      );
    }
    if (faultRoll < rateLimit + serverError + timeout) {
      stats.faults.timeout++;
      // Hang like a stuck upstream until the SDK's own timeout aborts the attempt (capped so nothing hangs forever).
      await sleep(120_000, signal);
      return apiError(504, "Gateway timeout (embedded simulator).", "server_error", null, {
        "x-request-id": requestId,
      });
    }

    const answer = composeAnswer(chat, { seed, model });
    const promptTokens = countPromptTokens(chat, model);
    const maxTokens = Number(body.max_completion_tokens ?? body.max_tokens ?? Infinity);
    let text = answer.text;
    let completionTokens = countTextTokens(text);
    let finishReason = "stop";
    if (completionTokens > maxTokens) {
      const words = text.split(/(?<=\s)/);
      while (words.length && countTextTokens(words.join("")) > maxTokens) words.pop();
      text = words.join("").trimEnd();
      completionTokens = countTextTokens(text);
      finishReason = "length";
    }
    const random = seededRandom(`latency|${requestKey}`);
    const ttftMs = (ttftBaseMs + ttftMsPerPromptToken * promptTokens) * lognormal(random, 0.25);
    const perTokenMs = decodeMsPerToken * (0.9 + 0.2 * random());
    const id = `chatcmpl-sim${hashKey(requestKey).toString(36)}`;
    const created = Math.floor(now() / 1000);
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    };
    const headers = {
      "x-request-id": requestId,
      "openai-processing-ms": String(Math.round(ttftMs + perTokenMs * completionTokens)),
      "openai-model": model,
    };
    const base = { id, created, model, system_fingerprint: "fp_embedded_simulator", service_tier: "default" };

    await sleep(scaled(ttftMs), signal);
    if (body.stream !== true) {
      await sleep(scaled(perTokenMs * completionTokens), signal);
      return jsonResponse(
        200,
        {
          ...base,
          object: "chat.completion",
          choices: [
            {
              index: 0,
              message: { role: "assistant", content: text, refusal: null, annotations: [] },
              logprobs: null,
              finish_reason: finishReason,
            },
          ],
          usage,
        },
        headers,
      );
    }

    const includeUsage = (body.stream_options as Json | undefined)?.include_usage === true;
    const encoder = new TextEncoder();
    const pieces = text.match(/\S+\s*|\s+/g) ?? [];
    const chunk = (choices: unknown[], extra: Json = {}) =>
      encoder.encode(
        `data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices, ...extra })}\n\n`,
      );
    // Each piece is due when its share of the decode budget has elapsed, measured from the first
    // chunk, so timer overhead never accumulates into a slower decode than modelled.
    const pieceTokens = pieces.map((p) => countTextTokens(p));
    const perPieceToken =
      (perTokenMs * completionTokens) /
      Math.max(
        1,
        pieceTokens.reduce((a, b) => a + b, 0),
      );
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        try {
          const decodeStart = performance.now();
          let due = 0;
          controller.enqueue(
            chunk(
              [
                {
                  index: 0,
                  delta: { role: "assistant", content: "", refusal: null },
                  logprobs: null,
                  finish_reason: null,
                },
              ],
              includeUsage ? { usage: null } : {},
            ),
          );
          for (let i = 0; i < pieces.length; i++) {
            controller.enqueue(
              chunk(
                [{ index: 0, delta: { content: pieces[i] }, logprobs: null, finish_reason: null }],
                includeUsage ? { usage: null } : {},
              ),
            );
            due += scaled(perPieceToken * pieceTokens[i]);
            await sleep(decodeStart + due - performance.now(), signal);
          }
          controller.enqueue(
            chunk(
              [{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }],
              includeUsage ? { usage: null } : {},
            ),
          );
          if (includeUsage) controller.enqueue(chunk([], { usage }));
          controller.enqueue(encoder.encode("data: [DONE]\n\n"));
          controller.close();
        } catch (error) {
          controller.error(error);
        }
      },
    });
    return new Response(stream, {
      status: 200,
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        [SIMULATOR_HEADER]: "embedded",
        ...headers,
      },
    });
  };
  return Object.assign(simulatorFetch, { stats });
}
