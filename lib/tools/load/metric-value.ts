/** Sums the samples of `name` in Prometheus text format whose labels include `match` (absent series: 0). */
export function metricValue(text: string, name: string, match: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labels = Object.fromEntries([...line.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(match).every(([k, v]) => labels[k] === v))
      sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return sum;
}
