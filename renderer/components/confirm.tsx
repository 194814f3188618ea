/**
 * Asking the person a question from non-React code (menu commands, file handling):
 * `await ask({ … })` resolves with the chosen action's value, or null when dismissed.
 */
import { create } from 'zustand';
import { Dialog } from './Dialog.tsx';

export interface Question<T extends string> {
  title: string;
  message: string;
  /** A list shown under the message (what a repair will change), scrollable when long. */
  details?: readonly string[];
  actions: Array<{ label: string; value: T; tone?: 'primary' | 'danger' }>;
}

interface Pending {
  question: Question<string>;
  resolve(value: string | null): void;
}

const useQuestion = create<{ pending: Pending | null }>()(() => ({ pending: null }));

export function ask<T extends string>(question: Question<T>): Promise<T | null> {
  return new Promise((resolve) => {
    useQuestion.getState().pending?.resolve(null);
    useQuestion.setState({ pending: { question, resolve: resolve as (value: string | null) => void } });
  });
}

export function QuestionHost() {
  const pending = useQuestion((s) => s.pending);
  if (!pending) return null;
  const answer = (value: string | null) => {
    useQuestion.setState({ pending: null });
    pending.resolve(value);
  };
  return (
    <Dialog title={pending.question.title} onClose={() => answer(null)}>
      <p>{pending.question.message}</p>
      {pending.question.details && pending.question.details.length > 0 && (
        <ul className="question-details" aria-label="Details">
          {pending.question.details.map((line, index) => (
            <li key={index}>{line}</li>
          ))}
        </ul>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={() => answer(null)}>
          Cancel
        </button>
        {pending.question.actions.map((action, index) => (
          <button
            key={action.value}
            type="button"
            className={`button${action.tone === 'primary' ? ' button-primary' : action.tone === 'danger' ? ' button-danger' : ''}`}
            autoFocus={index === 0}
            onClick={() => answer(action.value)}
          >
            {action.label}
          </button>
        ))}
      </div>
    </Dialog>
  );
}
