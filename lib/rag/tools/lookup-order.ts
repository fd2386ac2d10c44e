/**
 * `lookup_order`: a simulated order service the bot calls when a question names an order id
 * (ORD- and 5 digits). Seeded like the LLM simulator: latency is log-normal around ~90 ms and a
 * configurable share of calls time out after 800 ms (both times `timeScale`). Whether a call
 * fails is keyed by (seed, input, how many times this exact input was looked up before), so a
 * repeat can succeed where the first call failed, and concurrency never changes an outcome.
 * Its input carries the raw user id and email on purpose: that is what real tool calls look
 * like, and why tool inputs must cross the redaction boundary too.
 */
import { lognormal, seededRandom } from "../../seeded";
import { abortError, sleep } from "../../llm/sleep";
import type { SupportTool, ToolResult } from "./support-tool";

export interface OrderLookupOptions {
  seed?: number;
  timeScale?: number;
  /** Share of calls that time out, 0..1. */
  failureRate?: number;
}

interface OrderFixture {
  plan: string;
  amount_usd: number;
  purchased_days_ago: number;
  refund_status: "none" | "requested" | "approved" | "processing" | "completed";
}

/** Orders the eval set mentions; any other well-formed id is derived from its digits. */
const KNOWN_ORDERS: Record<string, OrderFixture> = {
  "ORD-20417": { plan: "Pro (annual)", amount_usd: 468, purchased_days_ago: 21, refund_status: "none" },
  "ORD-31552": { plan: "Pro (monthly)", amount_usd: 49, purchased_days_ago: 6, refund_status: "none" },
  "ORD-18830": { plan: "Pro (monthly)", amount_usd: 49, purchased_days_ago: 12, refund_status: "processing" },
};
const PLANS: [string, number][] = [
  ["Pro (monthly)", 49],
  ["Pro (annual)", 468],
  ["Extra seats (3 x $12)", 36],
];
const STATUSES: OrderFixture["refund_status"][] = ["none", "none", "requested", "processing", "completed"];

export const ORDER_ID_PATTERN = /\bORD-\d{5}\b/i;

function orderFor(orderId: string): OrderFixture | undefined {
  if (KNOWN_ORDERS[orderId]) return KNOWN_ORDERS[orderId];
  const n = Number(orderId.slice(4));
  if (n % 7 === 0) return undefined; // some ids simply do not exist
  const [plan, amount] = PLANS[n % PLANS.length];
  return {
    plan,
    amount_usd: amount,
    purchased_days_ago: (n % 45) + 1,
    refund_status: STATUSES[n % STATUSES.length],
  };
}

export function createOrderLookupTool({
  seed = 42,
  timeScale = 1,
  failureRate = 0.1,
}: OrderLookupOptions = {}): SupportTool {
  const seen = new Map<string, number>();
  return {
    name: "lookup_order",
    description:
      "Looks up an order (plan, amount, purchase age, refund status) by order id for the asking customer.",
    async run(input, signal): Promise<ToolResult> {
      const startedAt = new Date().toISOString();
      const start = performance.now();
      const key = JSON.stringify(input);
      const nth = seen.get(key) ?? 0;
      seen.set(key, nth + 1);
      const random = seededRandom(`lookup_order|${seed}|${key}|${nth}`);
      const orderId = String(input.order_id ?? "").toUpperCase();
      const done = (ok: boolean, output: unknown, error?: string): ToolResult => ({
        ok,
        output,
        error,
        started_at: startedAt,
        latency_ms: performance.now() - start,
      });
      try {
        if (random() < failureRate) {
          await sleep(800 * timeScale, signal);
          return done(false, null, "order service timed out after 800 ms");
        }
        await sleep(90 * lognormal(random, 0.4) * timeScale, signal);
      } catch {
        return done(false, null, abortError(signal).message);
      }
      if (!/^ORD-\d{5}$/.test(orderId))
        return done(false, null, `order_id must look like ORD-12345 (got "${orderId}")`);
      const order = orderFor(orderId);
      if (!order) return done(true, { order_id: orderId, found: false, user_id: input.user_id ?? null });
      return done(true, { order_id: orderId, found: true, ...order, user_id: input.user_id ?? null });
    },
  };
}
