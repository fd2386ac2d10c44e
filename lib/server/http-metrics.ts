/**
 * `http_requests_total{route,method,code}`: every response the service sends, whatever its
 * class (200, 400, 404, 405, 413, 415, 500, 502, 503), counted once. The route label is the
 * matched route or `unmatched`, never the raw path, so a scanner cannot explode the label set.
 */
import { Counter, type Registry } from "prom-client";
import { once, scrapedCounter } from "../prometheus";

export const HTTP_REQUESTS_TOTAL = "http_requests_total";

export interface HttpMetrics {
  count(path: string, method: string, status: number): void;
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Registers the counter once per registry (a second app on the same registry shares it); `routes` are the app's own. */
export function registerHttpMetrics(registry: Registry, routes: readonly string[]): HttpMetrics {
  const known = new Set(routes);
  const counter = once(
    registry,
    HTTP_REQUESTS_TOTAL,
    () =>
      new Counter({
        name: HTTP_REQUESTS_TOTAL,
        help: "HTTP responses sent by the service, by route, method and status code.",
        labelNames: ["route", "method", "code"],
        registers: [registry],
      }),
  );
  return {
    count(path, method, status) {
      const route = known.has(path) ? path : "unmatched";
      counter.inc({ route, method: METHODS.has(method) ? method : "other", code: String(status) });
    },
  };
}

export const LOG_LINES_DROPPED_TOTAL = "log_lines_dropped_total";

/** `log_lines_dropped_total`: JSON log lines dropped because stdout's reader fell behind (read at scrape time). */
export function registerLogDropMetric(registry: Registry, dropped: () => number): void {
  scrapedCounter(registry, {
    name: LOG_LINES_DROPPED_TOTAL,
    help: "JSON log lines dropped because stdout's buffer was over its bound.",
    read: dropped,
  });
}
