/**
 * The messages of a live room besides Yjs' own sync and awareness: between a participant's
 * browser and the host (Hocuspocus "stateless" messages, JSON, sealed like everything else), and
 * between the facilitator's window and the room server it hosts (the host link). Every message is
 * validated with zod where it arrives; nothing else is accepted.
 */
import { z } from 'zod';
import { LIMITS } from '../schema.ts';

const id = z
  .string()
  .min(1)
  .max(LIMITS.id)
  .regex(/^[A-Za-z0-9_-]+$/);
const name = z.string().min(1).max(LIMITS.name);

// ---------------------------------------------------------------------------------------------
// Participant ⇄ host

export const participantMessageSchema = z.discriminatedUnion('t', [
  /** "I am this participant of the session" (participantId), or "add me as a new one" (name). */
  z.strictObject({ t: z.literal('hello'), name, participantId: id.optional() }),
  /** One dot given (+1) or taken back (−1) in the open vote: to the host only, never into the shared doc. */
  z.strictObject({ t: z.literal('dot'), threatId: id, delta: z.union([z.literal(1), z.literal(-1)]) }),
]);
export type ParticipantMessage = z.infer<typeof participantMessageSchema>;

export type HostToParticipant =
  | { t: 'welcome'; participantId: string; name: string }
  | { t: 'hello-refused'; message: string }
  | { t: 'my-dots'; voteId: string; dots: Array<{ threatId: string; dots: number }>; left: number }
  | { t: 'dot-refused'; message: string }
  | { t: 'room-closed' };

// ---------------------------------------------------------------------------------------------
// The facilitator's window ⇄ the room server

/** Who is in the room, for the host's screen. */
export interface LivePerson {
  participantId: string;
  name: string;
  /** Open connections (a person may join from a laptop and a phone). */
  devices: number;
}

export type ServerToHost =
  | { type: 'sync'; data: Uint8Array }
  | { type: 'people'; people: LivePerson[] }
  | { type: 'awareness'; states: Array<[number, Record<string, unknown>]> }
  | { type: 'audit'; actor: string; action: string; detail: string }
  | { type: 'vote-progress'; voteId: string; voted: number; of: number }
  | { type: 'ballots'; voteId: string; ballots: Array<{ participantId: string; threatId: string; dots: number }> }
  | { type: 'refused'; message: string };

const hostAwareness = z
  .strictObject({
    name: z.string().max(LIMITS.name),
    /** The journey on the facilitator's screen: following participants show it too. */
    journeyId: id.nullable(),
    selection: id.nullable(),
    walk: z.strictObject({ journeyId: id, stepId: id.nullable() }).nullable(),
    presenting: z.boolean(),
  })
  .nullable();
export type HostAwareness = z.infer<typeof hostAwareness>;

export const hostToServerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('sync'), data: z.instanceof(Uint8Array) }),
  z.strictObject({ type: z.literal('awareness'), state: hostAwareness }),
  /** The host reveals the open vote: the server hands over the ballots and forgets them. */
  z.strictObject({ type: z.literal('reveal'), voteId: id }),
]);
export type HostToServer = z.infer<typeof hostToServerSchema>;

/** A participant's own awareness state, as the host lets it through (identity set by the host). */
export interface ParticipantAwareness {
  user: { participantId: string; name: string; color: string };
  selection: string | null;
}

/** A colour per person, stable for an id, readable on light and dark canvases. */
export const PRESENCE_COLORS = ['#d9480f', '#0b7285', '#5f3dc4', '#2b8a3e', '#c2255c', '#1864ab', '#e67700', '#087f5b'] as const;

export function presenceColor(participantId: string): string {
  let hash = 0;
  for (let i = 0; i < participantId.length; i++) hash = (hash * 31 + participantId.charCodeAt(i)) >>> 0;
  return PRESENCE_COLORS[hash % PRESENCE_COLORS.length]!;
}
