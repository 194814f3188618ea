import { useState } from 'react';
import { participantRoles, type Participant } from '../../shared/schema.ts';
import { Dialog } from '../components/Dialog.tsx';
import { useSession } from '../store/session-store.ts';
import { addPerson, editPerson, removePerson } from './workshop-actions.ts';

const ROLE_LABELS: Record<Participant['role'], string> = { facilitator: 'Facilitator', participant: 'Participant', observer: 'Observer (does not vote)' };

export function ParticipantsDialog({ onClose }: { onClose(): void }) {
  const participants = useSession((s) => s.document?.participants ?? []);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Participant['role']>(participants.length === 0 ? 'facilitator' : 'participant');
  return (
    <Dialog title="People in the room" onClose={onClose}>
      <form
        className="participant-add"
        onSubmit={(event) => {
          event.preventDefault();
          if (!name.trim()) return;
          addPerson(name, role);
          setName('');
          setRole('participant');
        }}
      >
        <input aria-label="Name" placeholder="Name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
        <select aria-label="Role" value={role} onChange={(e) => setRole(e.target.value as Participant['role'])}>
          {participantRoles.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-primary">
          Add
        </button>
      </form>
      {participants.length === 0 ? (
        <p className="field-hint">Add the people in the room so threats, outcomes and votes are attributed.</p>
      ) : (
        <ul className="participant-list" aria-label="Participants">
          {participants.map((p) => (
            <li key={p.id}>
              <span className="participant-name">{p.name}</span>
              <select aria-label={`Role of ${p.name}`} value={p.role} onChange={(e) => editPerson(p.id, { role: e.target.value as Participant['role'] })}>
                {participantRoles.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABELS[r]}
                  </option>
                ))}
              </select>
              <button type="button" className="button button-quiet button-danger" aria-label={`Remove ${p.name}`} onClick={() => removePerson(p.id)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
