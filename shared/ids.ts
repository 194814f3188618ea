/** Stable entity ids. Never identity by array index: a later sync layer mirrors actions by id. */
export function newId(): string {
  return crypto.randomUUID();
}
