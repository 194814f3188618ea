/**
 * Stable entity ids (never identity by array index: a live room mirrors changes by id).
 *
 * `crypto.randomUUID` exists only in secure contexts (HTTPS, localhost, Electron's app://): a
 * participant's browser on the room's plain-http network has `crypto.getRandomValues` but not it,
 * so the same version-4 UUID is built from random bytes there.
 */
export function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
