/** Messages for the person at the keyboard: what happened and what to do. Shown by <Notices>. */
import { create } from 'zustand';

export interface Notice {
  id: number;
  tone: 'info' | 'error';
  message: string;
  details: string[];
}

let nextId = 1;

export const useNotices = create<{
  notices: Notice[];
  push(tone: Notice['tone'], message: string, details?: string[]): void;
  dismiss(id: number): void;
}>()((set) => ({
  notices: [],
  push: (tone, message, details = []) =>
    set((state) => ({ notices: [...state.notices.slice(-4), { id: nextId++, tone, message, details }] })),
  dismiss: (id) => set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) })),
}));

export const notify = {
  info: (message: string) => useNotices.getState().push('info', message),
  error: (message: string, details: string[] = []) => useNotices.getState().push('error', message, details),
};
