/**
 * Who else is in the live room and what they have selected, from Yjs awareness: the coloured
 * markers on steps and the people list. Shown, never trusted: the host sets each participant's
 * identity on their awareness state (room-server.ts), so a name cannot be faked from a client.
 */
import { create } from 'zustand';

export interface PresentPerson {
  clientId: number;
  participantId: string | null;
  name: string;
  color: string;
  selection: string | null;
  /** The facilitator's state: walk and presenter view, which participants follow. */
  host: boolean;
  /** The facilitator's journey (for following). */
  journeyId: string | null;
  walk: { journeyId: string; stepId: string | null } | null;
  presenting: boolean;
}

interface PresenceState {
  people: PresentPerson[];
  /** Markers per step id: the people who have it selected. */
  byStep: ReadonlyMap<string, PresentPerson[]>;
  setStates(states: ReadonlyArray<[number, Record<string, unknown>]>, ownClientId?: number): void;
  clear(): void;
}

const EMPTY: ReadonlyMap<string, PresentPerson[]> = new Map();

function readPerson(clientId: number, state: Record<string, unknown>): PresentPerson | null {
  if (state.host === true) {
    const walk = state.walk as PresentPerson['walk'] | undefined;
    return {
      clientId,
      participantId: null,
      name: typeof state.name === 'string' && state.name ? state.name : 'Facilitator',
      color: '#5b3fd1',
      selection: typeof state.selection === 'string' ? state.selection : null,
      host: true,
      journeyId: typeof state.journeyId === 'string' ? state.journeyId : null,
      walk: walk && typeof walk.journeyId === 'string' ? { journeyId: walk.journeyId, stepId: typeof walk.stepId === 'string' ? walk.stepId : null } : null,
      presenting: state.presenting === true,
    };
  }
  const user = state.user as { participantId?: unknown; name?: unknown; color?: unknown } | undefined;
  if (!user || typeof user.name !== 'string' || typeof user.participantId !== 'string') return null;
  return {
    clientId,
    participantId: user.participantId,
    name: user.name,
    color: typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : '#666666',
    selection: typeof state.selection === 'string' ? state.selection : null,
    host: false,
    journeyId: null,
    walk: null,
    presenting: false,
  };
}

export const usePresence = create<PresenceState>()((set) => ({
  people: [],
  byStep: EMPTY,
  setStates(states, ownClientId) {
    const people: PresentPerson[] = [];
    for (const [clientId, state] of states) {
      if (clientId === ownClientId || !state) continue;
      const person = readPerson(clientId, state);
      if (person) people.push(person);
    }
    const byStep = new Map<string, PresentPerson[]>();
    for (const person of people) {
      if (!person.selection) continue;
      byStep.set(person.selection, [...(byStep.get(person.selection) ?? []), person]);
    }
    set({ people, byStep });
  },
  clear: () => set({ people: [], byStep: EMPTY }),
}));

/** The facilitator, as participants see them (null on the host's own screen). */
export function hostPresence(people: readonly PresentPerson[]): PresentPerson | null {
  return people.find((person) => person.host) ?? null;
}
