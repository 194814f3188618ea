import { useEffect, useState } from 'react';
import { useCanvasUi } from '../canvas/canvas-ui-store.ts';
import { sessionStore, useSession } from '../store/session-store.ts';
import { walkOrder } from '../../shared/workshop-ops.ts';
import { AuditLogDialog } from './AuditLogDialog.tsx';
import { ParticipantsDialog } from './ParticipantsDialog.tsx';
import { PhaseTimer } from './PhaseTimer.tsx';
import { SnapshotsDialog } from './SnapshotsDialog.tsx';
import { SpeakerPicker } from './SpeakerPicker.tsx';
import { VoteDialog } from './VoteDialog.tsx';
import { SoloGuide } from './SoloGuide.tsx';

type Open = 'people' | 'vote' | 'audit' | 'snapshots' | 'guide' | null;

/** The facilitator's strip: who is speaking, the agenda timer, vote, walk, present, history. */
export function WorkshopBar({ journeyId }: { journeyId: string | null }) {
  const [open, setOpen] = useState<Open>(null);
  const [sound, setSound] = useState(false);
  const walking = useCanvasUi((s) => s.walkStepId !== null);
  const presenting = useCanvasUi((s) => s.presenting);
  const voteOpen = useSession((s) => s.document?.workshop.votes.some((v) => v.status === 'open') ?? false);

  const toggleWalk = () => {
    const ui = useCanvasUi.getState();
    if (walking || !journeyId) return ui.setWalkStep(null);
    const doc = sessionStore.getState().document;
    const first = doc ? walkOrder(doc, journeyId)[0] : undefined;
    ui.setWalkStep(first ?? null);
  };

  const togglePresent = () => {
    const next = !presenting;
    useCanvasUi.getState().setPresenting(next);
    // Full screen is a nicety: a browser may refuse it (no user gesture, kiosk policy).
    if (next) void document.documentElement.requestFullscreen?.().catch(() => undefined);
    else if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  };

  useEffect(() => {
    const onChange = () => {
      if (!document.fullscreenElement && useCanvasUi.getState().presenting) useCanvasUi.getState().setPresenting(false);
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  return (
    <div className="workshop-bar" role="toolbar" aria-label="Workshop">
      <SpeakerPicker onManage={() => setOpen('people')} />
      <PhaseTimer sound={sound} />
      <label className="check-field sound-toggle">
        <input type="checkbox" checked={sound} onChange={(e) => setSound(e.target.checked)} />
        Sound
      </label>
      <div className="workshop-actions">
        <button type="button" className={`button${voteOpen ? ' button-primary' : ''}`} onClick={() => setOpen('vote')}>
          {voteOpen ? 'Vote in progress…' : 'Dot vote…'}
        </button>
        <button type="button" className="button" aria-pressed={walking} disabled={!journeyId} onClick={toggleWalk}>
          Walk the journey
        </button>
        <button type="button" className="button" aria-pressed={presenting} onClick={togglePresent}>
          Present
        </button>
        <button type="button" className="button button-quiet" aria-pressed={open === 'guide'} onClick={() => setOpen(open === 'guide' ? null : 'guide')}>
          Solo guide
        </button>
        <button type="button" className="button button-quiet" onClick={() => setOpen('snapshots')}>
          Snapshots
        </button>
        <button type="button" className="button button-quiet" onClick={() => setOpen('audit')}>
          Audit log
        </button>
      </div>
      {open === 'people' && <ParticipantsDialog onClose={() => setOpen(null)} />}
      {open === 'vote' && <VoteDialog onClose={() => setOpen(null)} />}
      {open === 'audit' && <AuditLogDialog onClose={() => setOpen(null)} />}
      {open === 'snapshots' && <SnapshotsDialog onClose={() => setOpen(null)} />}
      {open === 'guide' && <SoloGuide onClose={() => setOpen(null)} />}
    </div>
  );
}
