import { useRef, useState } from 'react';
import { sessionStore, useSession } from '../store/session-store.ts';

/** The session title, editable in place: Enter or leaving the field commits, Escape reverts. */
export function SessionTitle() {
  const title = useSession((state) => state.document?.session.title ?? '');
  const [draft, setDraft] = useState<string | null>(null);
  const cancelled = useRef(false);
  const commit = () => {
    if (draft !== null && !cancelled.current) sessionStore.getState().renameSession(draft);
    cancelled.current = false;
    setDraft(null);
  };
  return (
    <div className="session-title-field">
      <h1 className="visually-hidden">{title}</h1>
      <input
        className="title-input"
        aria-label="Session title"
        value={draft ?? title}
        maxLength={200}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.currentTarget.blur();
          } else if (event.key === 'Escape') {
            cancelled.current = true;
            event.currentTarget.blur();
          }
        }}
      />
    </div>
  );
}
