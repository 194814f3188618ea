import { useSaveState } from '../persistence/save-state.ts';

/** Always visible on the session screen: a facilitator must never wonder whether work is kept. */
export function SaveIndicator() {
  const state = useSaveState((s) => s.state);
  let text: string;
  switch (state.kind) {
    case 'saved':
      text = 'Saved';
      break;
    case 'saving':
      text = 'Saving…';
      break;
    case 'unsaved':
      text = 'Unsaved changes';
      break;
    case 'error':
      text = `Could not save: ${state.message}`;
      break;
    case 'disabled':
      text = state.message;
      break;
  }
  return (
    <span className={`save-indicator save-${state.kind}`} role="status" aria-live="polite" aria-label="Save state">
      {text}
    </span>
  );
}
