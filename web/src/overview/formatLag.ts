/** A lag in the largest unit that keeps it readable: 45 min, 5.2 h, 3.1 d. */
export function formatLag(seconds: number): string {
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86400 * 2) return `${+(seconds / 3600).toFixed(1)} h`;
  return `${+(seconds / 86400).toFixed(1)} d`;
}
