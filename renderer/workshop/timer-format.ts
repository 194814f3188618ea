/** "9:35", or "−1:05" once over time: minutes and seconds of a phase timer. */
export function formatRemaining(ms: number): string {
  const total = Math.round(Math.abs(ms) / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return `${ms < 0 ? '−' : ''}${minutes}:${seconds}`;
}

/** "1 h 30 min", "45 min": an agenda's length. */
export function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
