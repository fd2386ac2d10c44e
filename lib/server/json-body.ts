/**
 * What every JSON POST route of the service shares: JSON bodies only (415 otherwise: a browser
 * sends text/plain or a form cross-site without a preflight, and that must not buy an LLM call or
 * count as a user's vote), a size limit (413), and a body that parses (400), each answered through
 * the app's `reject` so it is counted and logged like every other rejection.
 */
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

/** The app's error answer: `(path, method, t0, status, errorType, message, issues?)`. */
export type Reject = (
  path: string,
  method: string,
  t0: number,
  status: number,
  errorType: string,
  message: string,
  issues?: string[],
) => Response;

const IS_JSON = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;

/** 415 for a missing or non-JSON Content-Type, then 413 past `maxBodyBytes`. */
export function jsonOnly(
  route: string,
  reject: Reject,
  maxBodyBytes: number,
): [MiddlewareHandler, MiddlewareHandler] {
  return [
    async (c, next) => {
      const type = c.req.header("content-type");
      if (!type || !IS_JSON.test(type)) {
        return reject(
          route,
          "POST",
          performance.now(),
          415,
          "unsupported_media_type",
          `Content-Type must be application/json (got ${type ? `"${type.slice(0, 100)}"` : "none"})`,
        );
      }
      await next();
    },
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) =>
        reject(
          c.req.path,
          c.req.method,
          performance.now(),
          413,
          "payload_too_large",
          `request body is larger than ${maxBodyBytes} bytes`,
        ),
    }),
  ];
}

/** The parsed body, or the 400 answer when it is not JSON. */
export async function readJson(
  c: Context,
  route: string,
  t0: number,
  reject: Reject,
): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
  try {
    return { ok: true, body: await c.req.json() };
  } catch {
    return {
      ok: false,
      response: reject(route, "POST", t0, 400, "invalid_request", "request body is not valid JSON", [
        "(root): body must be a JSON object",
      ]),
    };
  }
}
