import { create } from 'zustand';
import type { SaveState } from './autosave.ts';

export const useSaveState = create<{ state: SaveState; set(state: SaveState): void }>()((set) => ({
  state: { kind: 'unsaved' },
  set: (state) => set({ state }),
}));
