/** Waits `ms` (nothing at all for 0), rejecting with an AbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  if (!(ms > 0)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The error fetch rejects with when aborted; the openai SDK recognises it by `name === "AbortError"`. */
export function abortError(signal?: AbortSignal | null): Error {
  const reason = signal?.reason as unknown;
  if (reason instanceof Error && reason.name === "AbortError") return reason;
  const error = new Error("This operation was aborted");
  error.name = "AbortError";
  return error;
}
