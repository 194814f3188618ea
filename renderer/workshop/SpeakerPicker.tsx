import { useSession } from '../store/session-store.ts';
import { chooseSpeaker } from './workshop-actions.ts';

/** "Who is speaking": everything added next is attributed to that person. */
export function SpeakerPicker({ onManage }: { onManage(): void }) {
  const participants = useSession((s) => s.document?.participants);
  const speakerId = useSession((s) => s.document?.workshop.speakerId ?? null);
  if (!participants) return null;
  return (
    <div className="speaker-picker">
      {participants.length > 0 && (
        <select aria-label="Who is speaking" value={speakerId ?? ''} onChange={(e) => chooseSpeaker(e.target.value || null)}>
          <option value="">Open floor (nobody in particular)</option>
          {participants.map((p) => (
            <option key={p.id} value={p.id}>
              Speaking: {p.name}
              {p.role === 'observer' ? ' (observer)' : p.role === 'facilitator' ? ' (facilitator)' : ''}
            </option>
          ))}
        </select>
      )}
      <button type="button" className="button" onClick={onManage}>
        People ({participants.length})
      </button>
    </div>
  );
}
