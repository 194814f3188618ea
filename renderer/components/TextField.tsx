import { useEffect, useId, useRef, useState } from 'react';
import { sessionStore } from '../store/session-store.ts';

/**
 * A labelled text field bound to the document. Every keystroke is applied (so autosave and
 * other views see it) under one coalesce key, so a whole edit of the field is one undo step;
 * leaving the field closes the gesture.
 */
export function TextField({
  label,
  value,
  onChange,
  gestureKey,
  multiline = false,
  maxLength = 200,
  placeholder,
  hint,
  autoFocus = false,
  entryLimit,
}: {
  label: string;
  value: string;
  onChange(value: string, gestureKey: string): void;
  gestureKey: string;
  multiline?: boolean;
  maxLength?: number;
  placeholder?: string;
  hint?: string;
  /** Take the keyboard when it appears (a just-added item), its text selected to type over. */
  autoFocus?: boolean;
  /** A list typed as "a, b": the most characters one entry may have (it is cut there). */
  entryLimit?: number;
}) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const field = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  useEffect(() => {
    if (!autoFocus) return;
    field.current?.focus({ preventScroll: true });
    field.current?.select();
    // The whole field in sight (label, box and hint), not just the box's top edge.
    field.current?.parentElement?.scrollIntoView({ block: 'nearest' });
    // Only when the field appears.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const shown = draft ?? value;
  // The limits are shown as they are reached, not only applied: a person sees why text stops.
  const near = shown.length >= Math.floor(maxLength * 0.8);
  const longEntry = entryLimit ? shown.split(/[,;\n]/).map((entry) => entry.trim()).find((entry) => entry.length > entryLimit) : undefined;
  const limitNote = longEntry
    ? `Each entry is at most ${entryLimit} characters: “${longEntry.slice(0, 24)}…” is cut at ${entryLimit}.`
    : near
      ? `${shown.length.toLocaleString('en-US')} of ${maxLength.toLocaleString('en-US')} characters`
      : null;
  const describedBy = [hint ? `${id}-hint` : null, limitNote ? `${id}-limit` : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    ref: field,
    value: draft ?? value,
    maxLength,
    placeholder,
    'aria-describedby': describedBy,
    onChange: (event: { target: { value: string } }) => {
      setDraft(event.target.value);
      onChange(event.target.value, gestureKey);
    },
    onBlur: () => {
      setDraft(null);
      sessionStore.getState().endGesture();
    },
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea rows={3} {...common} />
      ) : (
        <input type="text" {...common} onKeyDown={(event) => event.key === 'Enter' && event.currentTarget.blur()} />
      )}
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {limitNote && (
        <p id={`${id}-limit`} className={`field-limit${longEntry || shown.length >= maxLength ? ' is-at-limit' : ''}`} aria-live="polite">
          {limitNote}
        </p>
      )}
    </div>
  );
}
