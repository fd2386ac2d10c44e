/**
 * One JSON POST over real HTTP, as a client (a notebook, a UI backend, the eval runner) sends it.
 * Never throws for an HTTP error status; a network failure is status 0 with its message as text.
 */
export interface HttpExchange {
  status: number;
  /** The raw response body, exactly as received. */
  text: string;
  json: Record<string, unknown> | undefined;
  latency_ms: number;
}

export async function postJson(url: string, body: unknown): Promise<HttpExchange> {
  const start = performance.now();
  try {
    const res = await fetch(url, {
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
