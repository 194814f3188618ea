/**
 * Debounced autosave. A burst of edits becomes one write after `delayMs` of quiet, but an edit
 * never waits longer than `maxWaitMs` (someone typing without a pause is still saved); `flush()`
 * writes at once (called on visibilitychange/pagehide). At most one write runs at a time; a
 * document that changes during a write is written right after it. So a crash loses at most the
 * edits of the last `maxWaitMs` (plus the time of one write).
 */
export type SaveState =
  | { kind: 'saved'; at: Date }
  | { kind: 'unsaved' }
  | { kind: 'saving' }
  | { kind: 'error'; message: string }
  | { kind: 'disabled'; message: string };

export interface AutosaverOptions<T> {
  save(document: T): Promise<void>;
  onState(state: SaveState): void;
  describeError(error: unknown): string;
  delayMs?: number;
  /** Longest an unsaved edit waits while edits keep coming; at least `delayMs`. */
  maxWaitMs?: number;
  now?: () => Date;
}

export const AUTOSAVE_DELAY_MS = 500;
export const AUTOSAVE_MAX_WAIT_MS = 1_000;

export class Autosaver<T> {
  private pending: T | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  /** When the oldest unwritten edit was made (ms since the epoch), or null when none waits. */
  private pendingSince: number | null = null;
  private readonly delayMs: number;
  private readonly maxWaitMs: number;

  constructor(private readonly options: AutosaverOptions<T>) {
    this.delayMs = options.delayMs ?? AUTOSAVE_DELAY_MS;
    this.maxWaitMs = Math.max(this.delayMs, options.maxWaitMs ?? AUTOSAVE_MAX_WAIT_MS);
  }

  schedule(document: T): void {
    this.pending = document;
    this.options.onState({ kind: 'unsaved' });
    const now = Date.now();
    this.pendingSince ??= now;
    if (this.timer !== null) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.delayMs, this.pendingSince + this.maxWaitMs - now));
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, wait);
  }

  get hasPendingChanges(): boolean {
    return this.pending !== null;
  }

  /** True while anything is unwritten: a pending document or a write in flight. */
  get busy(): boolean {
    return this.pending !== null || this.running !== null;
  }

  /** Writes the pending document now; resolves when everything scheduled so far is written. */
  async flush(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.running) await this.running;
    const document = this.pending;
    if (document === null) return;
    this.pending = null;
    this.pendingSince = null;
    this.options.onState({ kind: 'saving' });
    this.running = this.options
      .save(document)
      .then(
        () => {
          if (this.pending === null) this.options.onState({ kind: 'saved', at: (this.options.now ?? (() => new Date()))() });
        },
        (error: unknown) => {
          // Keep the newest unsaved document so the next change or flush retries it.
          this.pending ??= document;
          this.options.onState({ kind: 'error', message: this.options.describeError(error) });
        },
      )
      .finally(() => {
        this.running = null;
      });
    await this.running;
    if (this.pending !== null && this.pending !== document && this.timer === null) await this.flush();
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
    this.pendingSince = null;
  }
}
