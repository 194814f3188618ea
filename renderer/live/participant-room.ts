/**
 * Taking part in a live room from a participant's browser: the join link's fragment gives the
 * room and its secret (never sent anywhere), the sealed transport proves the secret to the host
 * (encrypted-websocket.ts), and Hocuspocus' provider keeps this browser's Y.Doc in step with the
 * room's. The session store is attached to that Y.Doc, so the same screens, the same named
 * actions and per-person undo work here as on the facilitator's laptop.
 *
 * Offline is normal: edits go on locally while the network is away and merge when the provider
 * reconnects (a CRDT merge, no conflict dialog). When the facilitator closes the room, the page
 * says so and the participant can save their copy to a file.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { create } from 'zustand';
import type { HostToParticipant } from '../../shared/live/messages.ts';
import { participantMayChange } from '../../shared/live/host-only.ts';
import { readJoinFragment } from '../../shared/live/protocol.ts';
import { sessionStore } from '../store/session-store.ts';
import { encryptedWebSocketClass } from './encrypted-websocket.ts';
import { usePresence } from './presence.ts';

export interface ParticipantState {
  status: 'idle' | 'connecting' | 'joined' | 'offline' | 'closed' | 'refused';
  message: string | null;
  participantId: string | null;
  name: string | null;
  /** Synced with the room at least once: the session is shown. */
  synced: boolean;
  /** My dots in the open vote, as the host counted them. */
  myDots: { voteId: string; dots: Array<{ threatId: string; dots: number }>; left: number } | null;
  dotMessage: string | null;
  /** Follow the facilitator's walk and presenter view (the default), or look around freely. */
  following: boolean;
}

export const useParticipant = create<ParticipantState>()(() => ({
  status: 'idle',
  message: null,
  participantId: null,
  name: null,
  synced: false,
  myDots: null,
  dotMessage: null,
  following: true,
}));

let provider: HocuspocusProvider | null = null;
let socket: HocuspocusProviderWebsocket | null = null;

/** This browser remembers who it joined a room as, so a reload does not add a second person. */
const IDENTITY_KEY = (roomId: string) => `threatstorm-live:${roomId}`;

export function rememberedIdentity(roomId: string): { participantId: string; name: string } | null {
  try {
    const value = JSON.parse(window.sessionStorage.getItem(IDENTITY_KEY(roomId)) ?? 'null') as { participantId?: unknown; name?: unknown } | null;
    return value && typeof value.participantId === 'string' && typeof value.name === 'string' ? { participantId: value.participantId, name: value.name } : null;
  } catch {
    return null;
  }
}

/** Who this browser says it is: a person of the session picked from its list, or a new name. */
export interface Identity {
  name: string;
  participantId?: string;
}

let identity: Identity | null = null;
let authenticated = false;

// Said on every (re)connection once the person is chosen: the host binds the connection to them.
function hello(): void {
  if (!identity || !authenticated) return;
  const known = useParticipant.getState().participantId ?? identity.participantId;
  provider?.sendStateless(JSON.stringify({ t: 'hello', name: useParticipant.getState().name ?? identity.name, ...(known ? { participantId: known } : {}) }));
}

/**
 * Says who I am: one of the session's people (from the list the room shows once synced) or a
 * new name. Before the room has answered, the choice waits and is said as soon as it can be.
 */
export function chooseIdentity(choice: Identity): void {
  identity = choice;
  useParticipant.setState({ name: choice.name, message: null });
  hello();
}

/** Type a name and join: connect and say who I am in one go. */
export function joinRoom(hash: string, name: string, participantId?: string): void {
  connectRoom(hash);
  chooseIdentity({ name, ...(participantId ? { participantId } : {}) });
}

/**
 * Opens the room from the join link's fragment: proves the key and syncs the session, so the
 * join screen can list the session's people to pick from. Nothing is written before a person is
 * chosen (the workspace appears only then).
 */
export function connectRoom(hash: string): void {
  const read = readJoinFragment(hash);
  if (!read.ok) {
    useParticipant.setState({ status: 'refused', message: read.message });
    return;
  }
  leaveRoom();
  const { roomId, secret } = read.credentials;
  const ydoc = new Y.Doc();
  useParticipant.setState({ status: 'connecting', message: null, synced: false, name: null, participantId: null, myDots: null, dotMessage: null });
  socket = new HocuspocusProviderWebsocket({
    url: `ws://${window.location.host}/live`,
    WebSocketPolyfill: encryptedWebSocketClass({
      roomId,
      secret,
      // A refusal is final (wrong key, not the host, a full room): stop trying.
      onRefused: (message: string) => {
        useParticipant.setState({ status: 'refused', message });
        queueMicrotask(() => leaveRoom());
      },
    }),
    // Reconnect for as long as the page is open: a laptop that sleeps or loses the Wi-Fi comes back.
    maxAttempts: 0,
  });
  provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: roomId,
    document: ydoc,
    onSynced: () => {
      if (!useParticipant.getState().synced) {
        sessionStore.getState().attach(ydoc);
        sessionStore.getState().setWriteRule(participantMayChange, useParticipant.getState().participantId);
      }
      useParticipant.setState({ synced: true });
    },
    onAuthenticated: () => {
      authenticated = true;
      hello();
    },
    onStatus: ({ status }) => {
      if (status !== WebSocketStatus.Connected) authenticated = false;
      const state = useParticipant.getState().status;
      if (state === 'closed' || state === 'refused') return;
      if (status === WebSocketStatus.Disconnected) useParticipant.setState({ status: useParticipant.getState().synced ? 'offline' : 'connecting' });
    },
    onStateless: ({ payload }) => onHostMessage(payload, roomId),
    onAwarenessChange: ({ states }) => {
      usePresence.getState().setStates(
        states.map((state) => [state.clientId, state as Record<string, unknown>] as [number, Record<string, unknown>]),
        ydoc.clientID,
      );
    },
  });
  provider.attach();
}

function onHostMessage(payload: string, roomId: string): void {
  let message: HostToParticipant;
  try {
    message = JSON.parse(payload) as HostToParticipant;
  } catch {
    return;
  }
  switch (message.t) {
    case 'welcome':
      useParticipant.setState({ status: 'joined', participantId: message.participantId, name: message.name, message: null });
      sessionStore.getState().setWriteRule(participantMayChange, message.participantId);
      window.sessionStorage.setItem(IDENTITY_KEY(roomId), JSON.stringify({ participantId: message.participantId, name: message.name }));
      publishSelection(null);
      return;
    case 'hello-refused':
      // The connection stays: the person chooses again (their name, or someone still in the session).
      identity = null;
      useParticipant.setState({ name: null, message: message.message });
      return;
    case 'my-dots':
      useParticipant.setState({ myDots: { voteId: message.voteId, dots: message.dots, left: message.left }, dotMessage: null });
      return;
    case 'dot-refused':
      useParticipant.setState({ dotMessage: message.message });
      return;
    case 'room-closed':
      useParticipant.setState({ status: 'closed', message: 'The facilitator closed the room. Your copy of the session is still here: save it to a file to keep it.' });
      provider?.disconnect();
      return;
  }
}

/** A dot for (+1) or from (−1) a threat in the open vote: to the host only. */
export function sendDot(threatId: string, delta: 1 | -1): void {
  provider?.sendStateless(JSON.stringify({ t: 'dot', threatId, delta }));
}

/** What I have selected, for the others' markers (the host sets who I am). */
export function publishSelection(stepId: string | null): void {
  provider?.setAwarenessField('selection', stepId);
}

export function setFollowing(following: boolean): void {
  useParticipant.setState({ following });
}

export function leaveRoom(): void {
  identity = null;
  authenticated = false;
  provider?.destroy();
  provider = null;
  socket?.destroy();
  socket = null;
  sessionStore.getState().setWriteRule(null);
  usePresence.getState().clear();
}
