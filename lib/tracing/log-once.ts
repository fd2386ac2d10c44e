/** A logger that writes each key's line the first time only: one line per failure kind and hub, not one per event. */
export function logOnceWith(log: (line: string) => void): (key: string, line: string) => void {
  const seen = new Set<string>();
  return (key, line) => {
    if (seen.has(key)) return;
    seen.add(key);
    log(line);
  };
}
