/**
 * Decides which tools a question needs. A rule, not the model: the bot looks an order up when
 * the question names one, so the tool path is the same with the simulator and the real API
 * (and costs no extra LLM round-trip).
 */
import { ORDER_ID_PATTERN } from "./tools/lookup-order";

export interface PlannedToolCall {
  tool_name: string;
  input: Record<string, unknown>;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

export function planToolCalls(query: string, context: { userId?: string } = {}): PlannedToolCall[] {
  const order = ORDER_ID_PATTERN.exec(query);
  if (!order) return [];
  const email = EMAIL.exec(query)?.[0];
  return [
    {
      tool_name: "lookup_order",
      input: {
        order_id: order[0].toUpperCase(),
        user_id: context.userId ?? null,
        ...(email ? { email } : {}),
      },
    },
  ];
}
