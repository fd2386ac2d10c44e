/**
 * One `POST /feedback` over real HTTP, as a client (a notebook, a UI backend) sends it. Never
 * throws for an HTTP error status; a network failure is status 0.
 */
import type { HttpExchange } from "../rag/eval-run";

export async function postFeedback(
  baseUrl: string,
  body: { trace_id: string; value: string; comment?: string },
): Promise<HttpExchange> {
  const start = performance.now();
  try {
    const res = await fetch(`${baseUrl}/feedback`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json, latency_ms: performance.now() - start };
  } catch (error) {
    return {
      status: 0,
      text: String((error as Error)?.message ?? error),
      json: undefined,
      latency_ms: performance.now() - start,
    };
  }
}
