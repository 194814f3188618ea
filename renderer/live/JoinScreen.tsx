/**
 * A participant's screen, opened from the join link: the room is opened at once (the key is
 * proved and the session synced), then the person picks themselves from the session's people
 * or types a new name (a browser that joined before continues as who it was), then the same session workspace the facilitator has, live. A strip
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
import { chooseIdentity, connectRoom, leaveRoom, rememberedIdentity, useParticipant } from './participant-room.ts';
import { useParticipantBridge } from './live-bridge.ts';

export function JoinScreen({ hash }: { hash: string }) {
  const participant = useParticipant();
  const hasDocument = useSession((s) => s.document !== null);
  const credentials = readJoinFragment(hash);
  const remembered = credentials.ok ? rememberedIdentity(credentials.credentials.roomId) : null;
  const [name, setName] = useState('');
  const people = useSession((s) => s.document?.participants);
  useParticipantBridge();
  useEffect(() => {
    connectRoom(hash);
    // A reload of a page that had joined: the same person again, not a second one.
    if (remembered) chooseIdentity(remembered);
    return () => leaveRoom();
    // Once per link: the fragment is the room.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [hash]);

  if (!credentials.ok) {
    return (
      <main className="join-screen" role="alert">
        <h1>This join link does not work</h1>
        <p>{credentials.message}</p>
      </main>
    );
  }

  const inRoom = participant.synced && hasDocument && participant.participantId !== null && participant.status !== 'refused';
  if (!inRoom) {
    const choosing = participant.name !== null && participant.status !== 'refused';
    const join = (choice: { name: string; participantId?: string }) => {
      // After a refusal (a wrong key, a full room) Join tries the room again.
      if (participant.status === 'refused') connectRoom(hash);
      chooseIdentity(choice);
    };
    const known = participant.synced ? (people ?? []) : [];
    return (
      <main className="join-screen">
        <h1>Join the live workshop</h1>
        <p className="host-intro">You work on the facilitator’s session from this browser. Nothing is installed and nothing leaves the room’s network.</p>
        {!participant.synced && participant.status === 'connecting' && (
          <p className="join-progress" role="status">
            Opening the room…
          </p>
        )}
        {known.length > 0 && (
          <section className="join-people" aria-labelledby="join-people-title">
            <h2 id="join-people-title">Already in this session?</h2>
            <ul aria-labelledby="join-people-title">
              {known.map((person) => (
                <li key={person.id}>
                  <button type="button" className="button" disabled={choosing} onClick={() => join({ name: person.name, participantId: person.id })}>
                    I am {person.name}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (name.trim()) join({ name: name.trim() });
          }}
        >
          <div className="field">
            <label htmlFor="join-name">{known.length > 0 ? 'Someone new? Your name' : 'Your name'}</label>
            <input id="join-name" value={name} maxLength={200} autoComplete="name" autoFocus onChange={(event) => setName(event.target.value)} />
          </div>
          {participant.message && (
            <p className="form-error" role="alert">
              {participant.message}
            </p>
          )}
          <div className="dialog-actions">
            <button type="submit" className="button button-primary" disabled={choosing || !name.trim()}>
              {choosing ? 'Joining…' : 'Join'}
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
