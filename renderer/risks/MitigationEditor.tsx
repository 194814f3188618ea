import { efforts, mitigationStatuses, type Mitigation, type Threat } from '../../shared/schema.ts';
import { TextField } from '../components/TextField.tsx';
import { editMitigation, linkMitigation, removeMitigation } from '../store/threat-actions.ts';
import { EFFORT_LABELS, MITIGATION_STATUS_LABELS } from './labels.ts';
import { SelectField } from './SelectField.tsx';

/** A mitigation: the control or work item. One mitigation can address several threats. */
export function MitigationItem({
  mitigation,
  candidates,
  expanded,
  onToggle,
  autoFocus = false,
}: {
  mitigation: Mitigation;
  /** Threats it may be linked to (the journey's), shown as checkboxes. */
  candidates: Array<{ threat: Threat; where: string }>;
  expanded: boolean;
  onToggle(): void;
  /** Just added: the title takes the keyboard. */
  autoFocus?: boolean;
}) {
  const key = (field: string) => `mitigation-${field}:${mitigation.id}`;
  return (
    <li className={`risk-item mitigation-item${expanded ? ' is-expanded' : ''}`}>
      <button type="button" className="risk-summary" aria-expanded={expanded} onClick={onToggle}>
        <span className="effort-tag">{mitigation.effort}</span>
        <span className="risk-title">{mitigation.title}</span>
        <span className={`status-tag status-${mitigation.status}`}>{MITIGATION_STATUS_LABELS[mitigation.status]}</span>
      </button>
      {expanded && (
        <div className="risk-editor">
          <TextField label="Mitigation" value={mitigation.title} gestureKey={key('title')} onChange={(title, k) => editMitigation(mitigation.id, { title }, k)} autoFocus={autoFocus} />
          <TextField label="Description" multiline maxLength={20000} value={mitigation.description} gestureKey={key('description')} onChange={(description, k) => editMitigation(mitigation.id, { description }, k)} />
          <fieldset className="field">
            <legend>Addresses threats</legend>
            {candidates.map(({ threat, where }) => (
              <label key={threat.id} className="check-field">
                <input type="checkbox" checked={mitigation.threatIds.includes(threat.id)} onChange={(event) => linkMitigation(mitigation.id, threat.id, event.target.checked)} />
                <span>
                  {threat.title} <span className="field-hint">· {where}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <div className="field-row">
            <SelectField label="Effort" value={mitigation.effort} options={efforts.map((e) => ({ value: e, label: EFFORT_LABELS[e] }))} onChange={(effort) => editMitigation(mitigation.id, { effort })} />
            <SelectField label="Status" value={mitigation.status} options={mitigationStatuses.map((s) => ({ value: s, label: MITIGATION_STATUS_LABELS[s] }))} onChange={(status) => editMitigation(mitigation.id, { status })} />
          </div>
          <TextField label="Owner" value={mitigation.owner} gestureKey={key('owner')} onChange={(owner, k) => editMitigation(mitigation.id, { owner }, k)} />
          <button type="button" className="button button-danger" onClick={() => removeMitigation(mitigation.id)}>
            Delete mitigation
          </button>
        </div>
      )}
    </li>
  );
}
