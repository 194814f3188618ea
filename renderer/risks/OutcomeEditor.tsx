import { outcomeStatuses, type Outcome, type Threat } from '../../shared/schema.ts';
import { outcomeHint } from '../../shared/jargon.ts';
import { TextField } from '../components/TextField.tsx';
import { createMitigation, editOutcome, removeOutcome } from '../store/threat-actions.ts';
import { OUTCOME_STATUS_LABELS } from './labels.ts';
import { SelectField } from './SelectField.tsx';

/** A security outcome: what the user must be able to trust, in their words. */
export function OutcomeItem({ outcome, threats, expanded, onToggle }: { outcome: Outcome; threats: Threat[]; expanded: boolean; onToggle(): void }) {
  return (
    <li className={`risk-item outcome-item${expanded ? ' is-expanded' : ''}`}>
      <button type="button" className="risk-summary" aria-expanded={expanded} onClick={onToggle}>
        <span className="outcome-mark" aria-hidden="true">
          ✓
        </span>
        <span className="risk-title">{outcome.statement}</span>
        <span className={`status-tag status-${outcome.status}`}>{OUTCOME_STATUS_LABELS[outcome.status]}</span>
      </button>
      {expanded && <OutcomeEditor outcome={outcome} threats={threats} />}
    </li>
  );
}

function OutcomeEditor({ outcome, threats }: { outcome: Outcome; threats: Threat[] }) {
  const hint = outcomeHint(outcome.statement);
  const key = (field: string) => `outcome-${field}:${outcome.id}`;
  return (
    <div className="risk-editor">
      <TextField
        label="The user can trust that…"
        multiline
        maxLength={1000}
        value={outcome.statement}
        gestureKey={key('statement')}
        onChange={(statement, k) => editOutcome(outcome.id, { statement }, k)}
        hint="Write it as the user would say it: “only I can see my saved cards”."
      />
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
