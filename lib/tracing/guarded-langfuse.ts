/**
 * The `langfuse` v3 client as the workbook uses it (legacy trace ingestion and scores): it sends
 * through a counting export fetch instead of the global one, and its queue can be read.
 */
import { Langfuse } from "langfuse";

export class GuardedLangfuse extends Langfuse {
  guardedFetch: typeof fetch = (input, init) => fetch(input, init);
  fetch(url: string, options: Parameters<Langfuse["fetch"]>[1]): ReturnType<Langfuse["fetch"]> {
    return this.guardedFetch(url, options as never);
  }
}

/** The SDK's in-memory queue (`LangfusePersistedProperty.Queue`, an enum the package does not re-export). */
export const queueLength = (client: Langfuse) =>
  (client.getPersistedProperty<unknown[]>("queue" as Parameters<Langfuse["getPersistedProperty"]>[0]) ?? [])
    .length;
