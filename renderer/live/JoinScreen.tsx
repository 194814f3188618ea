/**
 * A participant's screen, opened from the join link: type your name once (or continue as who
 * you were on this browser), then the same session workspace the facilitator has, live. A strip
 * says whether the room is connected, lets you stop following the facilitator, and offers your
 * copy as a file — also after the room closes.
 */
import { useEffect, useState } from 'react';
import { SessionWorkspace } from '../canvas/SessionWorkspace.tsx';
import { SessionTitle } from '../components/SessionTitle.tsx';
import { ThemeSwitch } from '../components/ThemeSwitch.tsx';
import { appCommands } from '../app-commands.ts';
import { useSession } from '../store/session-store.ts';
import { readJoinFragment } from '../../shared/live/protocol.ts';
import { joinRoom, leaveRoom, rememberedIdentity, useParticipant } from './participant-room.ts';
import { useParticipantBridge } from './live-bridge.ts';

export function JoinScreen({ hash }: { hash: string }) {
  const participant = useParticipant();
  const hasDocument = useSession((s) => s.document !== null);
  const credentials = readJoinFragment(hash);
  const remembered = credentials.ok ? rememberedIdentity(credentials.credentials.roomId) : null;
  const [name, setName] = useState(remembered?.name ?? '');
  useParticipantBridge();
  useEffect(() => () => leaveRoom(), []);

  if (!credentials.ok) {
    return (
      <main className="join-screen" role="alert">
        <h1>This join link does not work</h1>
        <p>{credentials.message}</p>
      </main>
    );
  }

  const inRoom = participant.synced && hasDocument && participant.status !== 'refused';
  if (!inRoom) {
    const busy = participant.status === 'connecting';
    return (
      <main className="join-screen">
        <h1>Join the live workshop</h1>
        <p className="host-intro">You work on the facilitator’s session from this browser. Nothing is installed and nothing leaves the room’s network.</p>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (name.trim()) joinRoom(hash, name.trim(), remembered && remembered.name === name.trim() ? remembered.participantId : undefined);
          }}
        >
          <div className="field">
            <label htmlFor="join-name">Your name</label>
            <input id="join-name" value={name} maxLength={200} autoComplete="name" autoFocus onChange={(event) => setName(event.target.value)} />
          </div>
          {participant.message && (
            <p className="form-error" role="alert">
              {participant.message}
            </p>
          )}
          <div className="dialog-actions">
            <button type="submit" className="button button-primary" disabled={busy || !name.trim()}>
              {busy ? 'Connecting…' : 'Join'}
            </button>
          </div>
        </form>
      </main>
    );
  }

  return (
    <div className="session-screen">
      <header className="app-header">
        <SessionTitle />
        <LiveStatus />
        <div className="header-actions">
          <label className="check-field">
            <input type="checkbox" checked={participant.following} onChange={(event) => useParticipant.setState({ following: event.target.checked })} />
            Follow the facilitator
          </label>
          <ThemeSwitch />
          <button type="button" className="button" onClick={() => void appCommands.saveToFile()}>
            Save my copy
          </button>
        </div>
      </header>
      {participant.status === 'closed' && (
        <div className="banner banner-warning" role="alert">
          {participant.message}
        </div>
      )}
      <main className="session-main">
        <SessionWorkspace live="participant" />
      </main>
    </div>
  );
}

function LiveStatus() {
  const status = useParticipant((s) => s.status);
  const name = useParticipant((s) => s.name);
  const text =
    status === 'joined'
      ? `Live · you are ${name ?? 'connected'}`
      : status === 'offline'
        ? 'Offline: your edits are kept here and sent when the connection is back'
        : status === 'closed'
          ? 'The room is closed'
          : 'Connecting…';
  return (
    <p className={`live-status live-status-${status}`} role="status" aria-label="Connection">
      {text}
    </p>
  );
}
