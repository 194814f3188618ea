import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosaver, type SaveState } from '../../renderer/persistence/autosave.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function setup(save: (doc: string) => Promise<void> = async () => {}) {
  const states: SaveState['kind'][] = [];
  const saved: string[] = [];
  const saver = new Autosaver<string>({
    delayMs: 500,
    save: async (doc) => {
      await save(doc);
      saved.push(doc);
    },
    onState: (state) => states.push(state.kind),
    describeError: (error) => String((error as Error).message),
  });
  return { saver, states, saved };
}

describe('autosave', () => {
  it('writes a burst of edits once, after the debounce', async () => {
    const { saver, saved, states } = setup();
    saver.schedule('a');
    await vi.advanceTimersByTimeAsync(300);
    saver.schedule('ab');
    await vi.advanceTimersByTimeAsync(300);
    saver.schedule('abc');
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(500);
    expect(saved).toEqual(['abc']);
    expect(states.at(-1)).toBe('saved');
  });

  it('flush writes at once without waiting for the debounce', async () => {
    const { saver, saved } = setup();
    saver.schedule('x');
    await saver.flush();
    expect(saved).toEqual(['x']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(saved).toEqual(['x']);
  });

  it('writes a document that changed during a write right after it', async () => {
    let release: () => void = () => {};
    const { saver, saved } = setup((doc) => (doc === 'first' ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve()));
    saver.schedule('first');
    const flushing = saver.flush();
    saver.schedule('second');
    const second = saver.flush();
    release();
    await Promise.all([flushing, second]);
    expect(saved).toEqual(['first', 'second']);
  });

  it('reports a failed write and retries the same document on the next flush', async () => {
    let fail = true;
    const { saver, saved, states } = setup(async () => {
      if (fail) throw new Error('disk full');
    });
    saver.schedule('doc');
    await saver.flush();
    expect(states.at(-1)).toBe('error');
    expect(saver.hasPendingChanges).toBe(true);
    fail = false;
    await saver.flush();
    expect(saved).toEqual(['doc']);
    expect(states.at(-1)).toBe('saved');
  });
});
