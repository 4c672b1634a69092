// An event rate as the dashboard and the status line print it: "812/s", "50.2 k/s", "1.3 M/s".
export function formatRate(eventsPerSecond: number): string {
  const r = Number.isFinite(eventsPerSecond) && eventsPerSecond > 0 ? eventsPerSecond : 0;
  if (r < 1000) return `${Math.round(r)}/s`;
  if (r < 1_000_000) return `${(r / 1000).toFixed(1)} k/s`;
  return `${(r / 1_000_000).toFixed(1)} M/s`;
}
