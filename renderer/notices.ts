/** Messages for the person at the keyboard: what happened and what to do. Shown by <Notices>. */
import { create } from 'zustand';

export interface Notice {
  id: number;
  tone: 'info' | 'error';
  message: string;
  details: string[];
  action?: { label: string; run(): void };
}

let nextId = 1;

export const useNotices = create<{
  notices: Notice[];
  push(tone: Notice['tone'], message: string, details?: string[], action?: Notice['action']): void;
  dismiss(id: number): void;
}>()((set) => ({
  notices: [],
  push: (tone, message, details = [], action) => {
    const id = nextId++;
    set((state) => ({ notices: [...state.notices.slice(-4), { id, tone, message, details, ...(action ? { action } : {}) }] }));
    // Information fades on its own; errors stay until the person dismisses them.
    if (tone === 'info') setTimeout(() => set((state) => ({ notices: state.notices.filter((n) => n.id !== id) })), action ? 15_000 : 6_000);
  },
  dismiss: (id) => set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) })),
}));

export const notify = {
  info: (message: string, action?: Notice['action']) => useNotices.getState().push('info', message, [], action),
  error: (message: string, details: string[] = []) => useNotices.getState().push('error', message, details),
};
