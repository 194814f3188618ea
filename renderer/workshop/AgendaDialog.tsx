import { useId, useState } from 'react';
import { agendaMinutes, MAX_PHASES, PHASE_MINUTES } from '../../shared/workshop-ops.ts';
import type { WorkshopPhase } from '../../shared/schema.ts';
import { Dialog } from '../components/Dialog.tsx';
import { TextField } from '../components/TextField.tsx';
import { sessionStore, useSession } from '../store/session-store.ts';
import { addAgendaPhase, moveAgendaPhase, removeAgendaPhase, renameAgendaPhase, setAgendaPhaseMinutes } from './workshop-actions.ts';
import { formatMinutes } from './timer-format.ts';

const NO_PHASES: WorkshopPhase[] = [];

/**
 * The agenda, editable: rename, reorder, add and remove phases, set each one's minutes, with the
 * total. Every edit is a named, undoable action that keeps the agenda valid (see the phase
 * operations in shared/workshop-ops.ts): a name cannot be emptied, minutes stay 1–600.
 */
export function AgendaDialog({ onClose }: { onClose(): void }) {
  const phases = useSession((s) => s.document?.workshop.phases ?? NO_PHASES);
  const currentId = useSession((s) => s.document?.workshop.currentPhaseId ?? null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const full = phases.length >= MAX_PHASES;
  return (
    <Dialog title="Agenda" onClose={onClose} wide>
      <p className="dialog-lead">The phases of the workshop, in order, each with its time box. The timer runs the current phase.</p>
      {phases.length === 0 ? (
        <p className="field-hint">No phases yet: add the first one.</p>
      ) : (
        <ol className="agenda-list" aria-label="Phases">
          {phases.map((phase, index) => (
            <li key={phase.id} className={`agenda-phase${phase.id === currentId ? ' is-current' : ''}`}>
              <span className="agenda-number" aria-hidden="true">
                {index + 1}
              </span>
              <div className="agenda-name">
                <TextField
                  label={`Name of phase ${index + 1}${phase.id === currentId ? ' (now)' : ''}`}
                  value={phase.name}
                  gestureKey={`phase-name:${phase.id}`}
                  onChange={(name, key) => renameAgendaPhase(phase.id, name, key)}
                  autoFocus={phase.id === focusId}
                />
              </div>
              <MinutesField phase={phase} index={index} />
              <div className="agenda-moves">
                <button type="button" className="icon-button" aria-label={`Move “${phase.name}” up`} disabled={index === 0} onClick={() => moveAgendaPhase(phase.id, index - 1)}>
                  ↑
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Move “${phase.name}” down`}
                  disabled={index === phases.length - 1}
                  onClick={() => moveAgendaPhase(phase.id, index + 1)}
                >
                  ↓
                </button>
                <button type="button" className="button button-quiet button-danger" aria-label={`Remove “${phase.name}”`} onClick={() => removeAgendaPhase(phase.id)}>
                  Remove
                </button>
              </div>
            </li>
          ))}
        </ol>
      )}
      <div className="dialog-actions agenda-footer">
        <p className="agenda-total" role="status">
          {phases.length} {phases.length === 1 ? 'phase' : 'phases'} · total {formatMinutes(agendaMinutes({ phases }))}
        </p>
        <button
          type="button"
          className="button"
          disabled={full}
          title={full ? `An agenda holds at most ${MAX_PHASES} phases` : undefined}
          onClick={() => setFocusId(addAgendaPhase(`Phase ${phases.length + 1}`, 10))}
        >
          + Phase
        </button>
        <button type="button" className="button button-primary" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}

/**
 * Whole minutes, 1–600. While the field holds something that is not a valid time (emptied to
 * type anew), the agenda keeps the last valid one and the field says what it accepts.
 */
function MinutesField({ phase, index }: { phase: WorkshopPhase; index: number }) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? String(phase.minutes);
  const value = Number(text);
  const valid = text.trim() !== '' && Number.isInteger(value) && value >= PHASE_MINUTES.min && value <= PHASE_MINUTES.max;
  return (
    <div className="field agenda-minutes">
      <label htmlFor={id}>Minutes</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={PHASE_MINUTES.min}
        max={PHASE_MINUTES.max}
        step={1}
        aria-label={`Minutes of phase ${index + 1}`}
        aria-invalid={valid ? undefined : true}
        aria-describedby={valid ? undefined : `${id}-error`}
        value={text}
        onChange={(event) => {
          setDraft(event.target.value);
          const next = Number(event.target.value);
          if (event.target.value.trim() !== '' && Number.isInteger(next) && next >= PHASE_MINUTES.min && next <= PHASE_MINUTES.max) {
            setAgendaPhaseMinutes(phase.id, next, `phase-minutes:${phase.id}`);
          }
        }}
        onBlur={() => {
          setDraft(null);
          sessionStore.getState().endGesture();
        }}
      />
      {!valid && (
        <p id={`${id}-error`} className="field-error">
          Whole minutes, {PHASE_MINUTES.min}–{PHASE_MINUTES.max}
        </p>
      )}
    </div>
  );
}
