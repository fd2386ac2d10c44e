/** One `POST /feedback` over real HTTP (see `postJson`: an HTTP error is a status, never a throw). */
import { postJson, type HttpExchange } from "../post-json";

export function postFeedback(
  baseUrl: string,
  body: { trace_id: string; value: string; comment?: string },
): Promise<HttpExchange> {
  return postJson(`${baseUrl}/feedback`, body);
}
