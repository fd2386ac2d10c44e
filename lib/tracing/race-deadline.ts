/**
 * Runs `work` against a deadline: "done", the error it failed with, or "timeout" once
 * `timeoutMs` passed (the work keeps running; the caller decides what to abort and count).
 */
export async function raceDeadline(
  work: () => Promise<void>,
  timeoutMs: number,
): Promise<"done" | "timeout" | Error> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<"timeout">(
    (resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)),
  );
  try {
    return await Promise.race([
      work().then(
        () => "done" as const,
        (error: Error) => error,
      ),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
