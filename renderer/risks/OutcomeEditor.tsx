import { outcomeStatuses, type Outcome, type Threat } from '../../shared/schema.ts';
import { outcomeHint } from '../../shared/jargon.ts';
import { TextField } from '../components/TextField.tsx';
import { createMitigation, editOutcome, removeOutcome } from '../store/threat-actions.ts';
import { OUTCOME_STATUS_LABELS } from './labels.ts';
import { SelectField } from './SelectField.tsx';

/**
 * An outcome being written that has no words yet: not in the document (an outcome needs a
 * statement) until `create` is called with the first text typed.
 */
export interface OutcomeDraft {
  create(statement: string): void;
  discard(): void;
}

/** A security outcome: what the user must be able to trust, in their words. */
export function OutcomeItem({ outcome, threats, expanded, onToggle, draft }: { outcome: Outcome; threats: Threat[]; expanded: boolean; onToggle(): void; draft?: OutcomeDraft }) {
  return (
    <li className={`risk-item outcome-item${expanded ? ' is-expanded' : ''}${draft ? ' is-draft' : ''}`}>
      <button type="button" className="risk-summary" aria-expanded={expanded} onClick={onToggle}>
        <span className="outcome-mark" aria-hidden="true">
          ✓
        </span>
        <span className="risk-title">{draft ? 'New security outcome' : outcome.statement}</span>
        <span className={`status-tag status-${outcome.status}`}>{draft ? 'Not saved yet' : OUTCOME_STATUS_LABELS[outcome.status]}</span>
      </button>
      {expanded && <OutcomeEditor outcome={outcome} threats={threats} draft={draft} />}
    </li>
  );
}

function OutcomeEditor({ outcome, threats, draft }: { outcome: Outcome; threats: Threat[]; draft: OutcomeDraft | undefined }) {
  const hint = outcomeHint(outcome.statement);
  const key = (field: string) => `outcome-${field}:${outcome.id}`;
  // The statement field comes first for a draft and a stored outcome alike: when the draft's
  // first words store it, React keeps this very field (and the keyboard in it).
  const statement = (
    <TextField
      label="The user can trust that…"
      multiline
      maxLength={1000}
      value={outcome.statement}
      gestureKey={key('statement')}
      onChange={(text, k) => (draft ? text.trim() !== '' && draft.create(text) : editOutcome(outcome.id, { statement: text }, k))}
      placeholder="e.g. only I can see my saved cards"
      hint="Write it as the user would say it: “only I can see my saved cards”."
      autoFocus={draft !== undefined}
    />
  );
  if (draft) {
    return (
      <div className="risk-editor">
        {statement}
        <button type="button" className="button button-quiet" onClick={draft.discard}>
          Discard
        </button>
      </div>
    );
  }
  return (
    <div className="risk-editor">
      {statement}
      {hint && (
        <div className="jargon-hint" role="note" aria-label="Wording hint">
          <p>{hint}</p>
          <button
            type="button"
            className="button button-quiet"
            disabled={threats.length === 0}
            title={threats.length === 0 ? 'Add a threat to this step first: a mitigation addresses threats' : undefined}
            onClick={() => {
              // Linked to what endangers the outcome, or else to every threat on the step.
              const links = outcome.threatIds.length > 0 ? outcome.threatIds : threats.map((t) => t.id);
              createMitigation(outcome.statement.slice(0, 200), links, { description: 'Moved from a security outcome: the technical part belongs here.' });
              editOutcome(outcome.id, { statement: 'Describe what the user can trust here, in their words' });
            }}
          >
            Move the technical part to a mitigation
          </button>
        </div>
      )}
      <fieldset className="field">
        <legend>Endangered by</legend>
        {threats.length === 0 ? (
          <p className="field-hint">No threats on this step yet.</p>
        ) : (
          threats.map((threat) => (
            <label key={threat.id} className="check-field">
              <input
                type="checkbox"
                checked={outcome.threatIds.includes(threat.id)}
                onChange={(event) =>
                  editOutcome(outcome.id, {
                    threatIds: event.target.checked ? [...outcome.threatIds, threat.id] : outcome.threatIds.filter((id) => id !== threat.id),
                  })
                }
              />
              {threat.title}
            </label>
          ))
        )}
      </fieldset>
      <TextField
        label="Acceptance criteria (one per line)"
        multiline
        maxLength={20000}
        value={outcome.acceptanceCriteria.join('\n')}
        gestureKey={key('criteria')}
        onChange={(text, k) => editOutcome(outcome.id, { acceptanceCriteria: text.split('\n').filter((line) => line.trim() !== '') }, k)}
      />
      <SelectField label="Status" value={outcome.status} options={outcomeStatuses.map((s) => ({ value: s, label: OUTCOME_STATUS_LABELS[s] }))} onChange={(status) => editOutcome(outcome.id, { status })} />
      <button type="button" className="button button-danger" onClick={() => removeOutcome(outcome.id)}>
        Delete outcome
      </button>
    </div>
  );
}
