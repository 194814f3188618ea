import { useEffect, useRef, useState } from 'react';
import { useCanvasUi } from '../canvas/canvas-ui-store.ts';
import { sessionStore, useSession } from '../store/session-store.ts';
import { walkOrder } from '../../shared/workshop-ops.ts';
import { AgendaDialog } from './AgendaDialog.tsx';
import { AuditLogDialog } from './AuditLogDialog.tsx';
import { ParticipantsDialog } from './ParticipantsDialog.tsx';
import { PhaseTimer } from './PhaseTimer.tsx';
import { SnapshotsDialog } from './SnapshotsDialog.tsx';
import { SpeakerPicker } from './SpeakerPicker.tsx';
import { VoteDialog } from './VoteDialog.tsx';
import { SoloGuide } from './SoloGuide.tsx';
import { setPresenting } from './presenting.ts';
import { HostDialog } from '../live/HostDialog.tsx';
import { LiveVoteDialog } from '../live/LiveVoteDialog.tsx';
import { useLiveHost } from '../live/host-room.ts';
import { useHostBridge } from '../live/live-bridge.ts';

type Open = 'people' | 'vote' | 'audit' | 'snapshots' | 'guide' | 'agenda' | 'live' | null;

/**
 * The facilitator's strip, one row even at 1280 px: who is speaking, the agenda and its timer,
 * vote, walk, present; the session's other tools (solo guide, snapshots, audit log, the chime)
 * under "More".
 */
export function WorkshopBar({ journeyId }: { journeyId: string | null }) {
  const [open, setOpen] = useState<Open>(null);
  const [sound, setSound] = useState(false);
  const walking = useCanvasUi((s) => s.walkStepId !== null);
  const presenting = useCanvasUi((s) => s.presenting);
  const voteOpen = useSession((s) => s.document?.workshop.votes.some((v) => v.status === 'open') ?? false);
  const hosting = useLiveHost((s) => s.status === 'hosting');
  const connected = useLiveHost((s) => s.people.length);
  useHostBridge();

  const toggleWalk = () => {
    const ui = useCanvasUi.getState();
    if (walking || !journeyId) return ui.setWalkStep(null);
    const doc = sessionStore.getState().document;
    const first = doc ? walkOrder(doc, journeyId)[0] : undefined;
    ui.setWalkStep(first ?? null);
  };

  return (
    <div className="workshop-bar" role="toolbar" aria-label="Workshop">
      <SpeakerPicker onManage={() => setOpen('people')} />
      <PhaseTimer sound={sound} onEditAgenda={() => setOpen('agenda')} />
      <div className="workshop-actions">
        <button type="button" className={`button${voteOpen ? ' button-primary' : ''}`} onClick={() => setOpen('vote')}>
          {voteOpen ? 'Vote in progress…' : 'Dot vote…'}
        </button>
        {/* "Walk" on screen (the bar fits one row at 1280 px); the full name for assistive tech. */}
        <button type="button" className="button" aria-pressed={walking} aria-label="Walk the journey" title="Walk the journey step by step" disabled={!journeyId} onClick={toggleWalk}>
          Walk
        </button>
        <button type="button" className="button" aria-pressed={presenting} onClick={() => setPresenting(!presenting)}>
          Present
        </button>
        <button
          type="button"
          className={`button${hosting ? ' button-live' : ''}`}
          aria-label={hosting ? `Live workshop: ${connected} connected` : 'Host live workshop'}
          title={hosting ? 'The room is open: the join link, who is here, stop hosting' : 'Let everyone in the room join from their own laptop or phone'}
          onClick={() => setOpen('live')}
        >
          {hosting ? `Live · ${connected}` : 'Host live…'}
        </button>
        <MoreTools
          guideOpen={open === 'guide'}
          sound={sound}
          onSound={setSound}
          onGuide={() => setOpen(open === 'guide' ? null : 'guide')}
          onSnapshots={() => setOpen('snapshots')}
          onAudit={() => setOpen('audit')}
        />
      </div>
      {open === 'people' && <ParticipantsDialog onClose={() => setOpen(null)} />}
      {open === 'vote' && (hosting ? <LiveVoteDialog role="host" onClose={() => setOpen(null)} /> : <VoteDialog onClose={() => setOpen(null)} />)}
      {open === 'live' && <HostDialog onClose={() => setOpen(null)} />}
      {open === 'audit' && <AuditLogDialog onClose={() => setOpen(null)} />}
      {open === 'snapshots' && <SnapshotsDialog onClose={() => setOpen(null)} />}
      {open === 'agenda' && <AgendaDialog onClose={() => setOpen(null)} />}
      {open === 'guide' && <SoloGuide onClose={() => setOpen(null)} />}
    </div>
  );
}

/**
 * "More": a disclosure (button + panel of ordinary buttons), not an ARIA menu. Escape or a
 * click outside closes it and gives the focus back to its button.
 */
function MoreTools({
  guideOpen,
  sound,
  onSound,
  onGuide,
  onSnapshots,
  onAudit,
}: {
  guideOpen: boolean;
  sound: boolean;
  onSound(on: boolean): void;
  onGuide(): void;
  onSnapshots(): void;
  onAudit(): void;
}) {
  const [expanded, setExpanded] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!expanded) return;
    root.current?.querySelector<HTMLElement>('.more-panel button, .more-panel input')?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setExpanded(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      setExpanded(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [expanded]);
  const choose = (action: () => void) => () => {
    setExpanded(false);
    action();
  };
  return (
    <div className="more-tools" ref={root}>
      <button ref={button} type="button" className="button button-quiet" aria-expanded={expanded} aria-controls="workshop-more" onClick={() => setExpanded(!expanded)}>
        More <span aria-hidden="true">▾</span>
      </button>
      {expanded && (
        <div id="workshop-more" className="more-panel">
          <button type="button" className="button button-quiet" aria-pressed={guideOpen} onClick={choose(onGuide)}>
            Solo guide
          </button>
          <button type="button" className="button button-quiet" onClick={choose(onSnapshots)}>
            Snapshots
          </button>
          <button type="button" className="button button-quiet" onClick={choose(onAudit)}>
            Audit log
          </button>
          <label className="check-field sound-toggle">
            <input type="checkbox" checked={sound} onChange={(e) => onSound(e.target.checked)} />
            Sound when time is up
          </label>
        </div>
      )}
    </div>
  );
}
