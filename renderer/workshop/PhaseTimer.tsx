import { useEffect, useRef } from 'react';
import { remainingMs } from '../../shared/workshop-ops.ts';
import { useSession } from '../store/session-store.ts';
import { addMinutes, advancePhase, pausePhaseTimer, startPhaseTimer, switchPhase, useDefaultAgenda } from './workshop-actions.ts';
import { useNow } from './use-now.ts';
import { formatRemaining } from './timer-format.ts';


/** A short, gentle chime made on the spot (no audio files, nothing fetched). */
function chime(): void {
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 660;
    gain.gain.setValueAtTime(0.0001, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.2, audio.currentTime + 0.05);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 1.2);
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 1.3);
    tone.onended = () => void audio.close();
  } catch {
    // Sound is optional; the visual cue carries the message.
  }
}

/** The agenda's current phase and its time box, readable from the back of the room. */
export function PhaseTimer({ sound, onEditAgenda }: { sound: boolean; onEditAgenda(): void }) {
  const workshop = useSession((s) => s.document?.workshop);
  const running = !!workshop?.timer.startedAt;
  const now = useNow(running);
  const wasOver = useRef(false);
  const remaining = workshop ? remainingMs(workshop, now) : null;
  const over = remaining !== null && remaining <= 0;
  useEffect(() => {
    if (over && !wasOver.current && running && sound) chime();
    wasOver.current = over;
  }, [over, running, sound]);

  if (!workshop) return null;
  if (workshop.phases.length === 0) {
    return (
      <button type="button" className="button" onClick={useDefaultAgenda}>
        Set up agenda
      </button>
    );
  }
  const phase = workshop.phases.find((p) => p.id === workshop.currentPhaseId);
  const index = workshop.phases.findIndex((p) => p.id === workshop.currentPhaseId);
  return (
    <div className={`phase-timer${over ? ' is-over' : ''}${running ? ' is-running' : ''}`} role="group" aria-label="Agenda">
      <select aria-label="Phase" value={workshop.currentPhaseId ?? ''} onChange={(e) => switchPhase(e.target.value)}>
        {workshop.phases.map((p, i) => (
          <option key={p.id} value={p.id}>
            {i + 1}. {p.name} ({p.minutes} min)
          </option>
        ))}
      </select>
      <span className="timer-display" role="timer" aria-label={`Time left in ${phase?.name ?? 'the phase'}`}>
        {remaining === null ? '—' : formatRemaining(remaining)}
      </span>
      {over && <span className="timer-cue">Time is up</span>}
      {running ? (
        <button type="button" className="button" onClick={pausePhaseTimer}>
          Pause
        </button>
      ) : (
        <button type="button" className="button button-primary" onClick={startPhaseTimer}>
          Start
        </button>
      )}
      <button type="button" className="button" aria-label="Add 1 minute" onClick={() => addMinutes(1)}>
        +1
      </button>
      <button type="button" className="button" aria-label="Add 5 minutes" onClick={() => addMinutes(5)}>
        +5
      </button>
      <button type="button" className="button" aria-label="Next phase" disabled={index >= workshop.phases.length - 1} onClick={advancePhase}>
        Next
      </button>
      <button type="button" className="button" onClick={onEditAgenda}>
        Agenda…
      </button>
    </div>
  );
}
