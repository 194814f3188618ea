/**
 * The live workshop's secure transport, protocol v1: the layer under Hocuspocus that lets only
 * holders of the room secret in, and seals every frame end to end.
 *
 * Why a protocol of our own under the Yjs sync: participants join over plain http on the room's
 * LAN, where browsers give no WebCrypto (`crypto.subtle`) and no TLS; only
 * `crypto.getRandomValues` is there. So the room secret travels in the join link's fragment
 * (never in a request line), the client proves it holds the secret by challenge–response, the
 * host proves it back, and both seal every frame with XChaCha20-Poly1305 (@noble/ciphers,
 * pure JS) under per-connection keys. Hocuspocus only ever sees plaintext frames.
 *
 * Wire format (binary WebSocket messages; byte 0 = version 1, byte 1 = frame type):
 *   HELLO   server → client  [1][1][serverNonce 32]
 *   PROOF   client → server  [1][2][clientNonce 32][HMAC(authKey, "ts-live-v1 client" ‖ roomId ‖ serverNonce ‖ clientNonce)]
 *   WELCOME server → client  [1][3][HMAC(authKey, "ts-live-v1 server" ‖ roomId ‖ clientNonce ‖ serverNonce)]
 *   DENY    server → client  [1][4][reason]  then the server closes (4401 / 4408 / 4400 / 1009 / 4429)
 *   DATA    both ways        [1][16][seq 8, big-endian][nonce 24][XChaCha20-Poly1305 ciphertext ‖ tag 16]
 *                            AAD = the 10 header bytes ‖ direction byte (1 = client→server, 2 = server→client)
 *
 * Keys: authKey / sealKey = HKDF-SHA256(ikm = the 16 secret bytes,
 * salt = utf8("threatstorm-live-v1:" + roomId), info "auth" / "seal", 32 bytes); per connection
 * and direction, HKDF-SHA256(sealKey, salt = serverNonce ‖ clientNonce, info "c2s" / "s2c").
 * "roomId" in a MAC input means the 22 ASCII characters of its base64url text, as in the salt:
 * every MAC input field has a fixed length, so the concatenation is unambiguous.
 *
 * Pure: no DOM, no Node. Randomness comes from noble's `randomBytes`, which uses
 * `globalThis.crypto.getRandomValues` (browsers on plain http, Electron, Node ≥ 19).
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { equalBytes } from '@noble/ciphers/utils.js';

export const PROTOCOL_VERSION = 1;

export const FRAME_TYPE = { hello: 1, proof: 2, welcome: 3, deny: 4, data: 16 } as const;

/** Bytes of the room secret and of the room id (128 bits each). */
export const CREDENTIAL_BYTES = 16;
/** Length of a credential as unpadded base64url text. */
export const CREDENTIAL_TEXT_LENGTH = 22;
export const HANDSHAKE_NONCE_BYTES = 32;
export const MAC_BYTES = 32;
export const AEAD_NONCE_BYTES = 24;
export const AEAD_TAG_BYTES = 16;
/** Version, type and the 8-byte sequence number of a DATA frame. */
export const DATA_HEADER_BYTES = 10;
/** The smallest DATA frame: header, nonce and tag around an empty payload. */
export const MIN_DATA_FRAME_BYTES = DATA_HEADER_BYTES + AEAD_NONCE_BYTES + AEAD_TAG_BYTES;
export const HELLO_FRAME_BYTES = 2 + HANDSHAKE_NONCE_BYTES;
export const PROOF_FRAME_BYTES = 2 + HANDSHAKE_NONCE_BYTES + MAC_BYTES;
export const WELCOME_FRAME_BYTES = 2 + MAC_BYTES;
export const DENY_FRAME_BYTES = 3;

/** The host refuses bigger frames from a participant before any decryption work. */
export const DEFAULT_MAX_FRAME_BYTES = 2 * 1024 * 1024;
/**
 * A participant accepts bigger frames from the host than the host accepts from a participant:
 * the host's first sync message carries the whole session (a 1,000-step / 5,000-threat session
 * is about 4.6 MB as a Yjs update), while a participant sends edits. The host already holds the
 * key, so this limit only guards a participant's memory against a broken host.
 */
export const DEFAULT_MAX_HOST_FRAME_BYTES = 64 * 1024 * 1024;
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 5_000;

/** Which way a DATA frame travels; part of every frame's AAD. */
export const DIRECTION = { clientToServer: 1, serverToClient: 2 } as const;
export type Direction = (typeof DIRECTION)[keyof typeof DIRECTION];

// ---------------------------------------------------------------------------------------------
// Faults: every way a connection can be refused or broken, with its wire code and its message.

/**
 * - `wrong-key`: the PROOF's MAC is not the one the room secret gives.
 * - `too-slow`: no PROOF within the handshake timeout.
 * - `malformed`: a frame that is not the one expected (wrong version, type, length, text frame).
 * - `too-big`: a frame over the size limit, refused before any decryption work.
 * - `room-full`: the host takes no more participants (for the integration's connection cap).
 * - `refused`: a DENY with a reason this version does not know.
 * - `replay`: a DATA frame whose sequence number is not exactly the next one.
 * - `undecryptable`: a DATA frame that fails authentication (tampered, or other keys).
 * - `not-host`: the server's WELCOME does not prove it knows the room secret (client side).
 */
export type LiveFault =
  | 'wrong-key'
  | 'too-slow'
  | 'malformed'
  | 'too-big'
  | 'room-full'
  | 'refused'
  | 'replay'
  | 'undecryptable'
  | 'not-host';

/** The faults a host can announce in a DENY frame. */
export type DenyReason = 'wrong-key' | 'too-slow' | 'malformed' | 'too-big' | 'room-full';

const DENY_CODES: Readonly<Record<DenyReason, number>> = {
  'wrong-key': 1,
  'too-slow': 2,
  malformed: 3,
  'too-big': 4,
  'room-full': 5,
};

/** The WebSocket close code a host closes with, and a participant reports, for each fault. */
export const CLOSE_CODES: Readonly<Record<LiveFault, number>> = {
  'wrong-key': 4401,
  'too-slow': 4408,
  malformed: 4400,
  // 1009 "message too big" is the standard code; a browser may not send it (close() accepts
  // only 1000 and 3000–4999), so a participant closing for this reason uses 4413 instead.
  'too-big': 1009,
  'room-full': 4429,
  refused: 4403,
  replay: 4403,
  undecryptable: 4403,
  'not-host': 4403,
};

/** Close code a browser client may send for a fault (browsers refuse 1009 in close()). */
export function clientCloseCode(fault: LiveFault): number {
  return fault === 'too-big' ? 4413 : CLOSE_CODES[fault];
}

const FAULT_MESSAGES: Readonly<Record<LiveFault, string>> = {
  'wrong-key': 'The room key in this link is wrong: ask the facilitator for the current link.',
  'too-slow': 'Joining the room took too long: check your network connection, then reload the page.',
  malformed:
    'The host could not understand this browser’s request: reload the page, and if it happens again ask the facilitator for the current link.',
  'too-big': 'A message was larger than the room allows, so the connection was closed: reload the page.',
  'room-full': 'The room is full: ask the facilitator to make room, then reload the page.',
  refused: 'The host refused this connection: ask the facilitator for the current link.',
  replay:
    'A message from the host arrived out of order or twice, which means the connection was tampered with, so it was closed: reload the page, and tell the facilitator if it happens again.',
  undecryptable:
    'A message failed its integrity check, which means the connection was tampered with, so it was closed: reload the page, and tell the facilitator if it happens again.',
  'not-host':
    'This is not the room’s host: the computer at this address could not prove it knows the room key. Check the address with the facilitator.',
};

/** What a participant is told for a fault, in plain words with what to do next. */
export function faultMessage(fault: LiveFault): string {
  return FAULT_MESSAGES[fault];
}

/** The fault a close code stands for, when a connection closed before its handshake ended. */
export function faultFromCloseCode(code: number): LiveFault | undefined {
  switch (code) {
    case 4401:
      return 'wrong-key';
    case 4408:
      return 'too-slow';
    case 4400:
      return 'malformed';
    case 1009:
    case 4413:
      return 'too-big';
    case 4429:
      return 'room-full';
    case 4403:
      return 'refused';
    default:
      return undefined;
  }
}

export class LiveProtocolError extends Error {
  constructor(
    readonly fault: LiveFault,
    detail: string,
  ) {
    super(detail);
    this.name = 'LiveProtocolError';
  }
}

// ---------------------------------------------------------------------------------------------
// Credentials and the join link.

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function encodeBase64Url(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i] ?? 0;
    const b1 = bytes[i + 1] ?? 0;
    const b2 = bytes[i + 2] ?? 0;
    const chunk = (b0 << 16) | (b1 << 8) | b2;
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) text += BASE64URL_ALPHABET[(chunk >> (18 - 6 * c)) & 63];
  }
  return text;
}

/**
 * Strict and canonical: unpadded, only the base64url alphabet, and exactly the text
 * `encodeBase64Url` gives for the decoded bytes (unused trailing bits zero), so one credential
 * has one spelling. Null for anything else.
 */
export function decodeBase64Url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const bytes = new Uint8Array(Math.floor((text.length * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let out = 0;
  for (let i = 0; i < text.length; i++) {
    const value = BASE64URL_ALPHABET.indexOf(text.charAt(i));
    if (value < 0) return null;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[out++] = (buffer >> bits) & 0xff;
    }
  }
  if (bits > 0 && (buffer & ((1 << bits) - 1)) !== 0) return null;
  return bytes;
}

export interface RoomCredentials {
  /** 16 random bytes as base64url: names the room, mixed into every key and MAC. */
  readonly roomId: string;
  /** 16 random bytes as base64url: the room secret, only ever in the join link's fragment. */
  readonly secret: string;
}

/** True for the text of a 16-byte credential: 22 base64url characters, canonical. */
export function isCredentialText(text: unknown): text is string {
  return (
    typeof text === 'string' &&
    text.length === CREDENTIAL_TEXT_LENGTH &&
    decodeBase64Url(text)?.length === CREDENTIAL_BYTES
  );
}

/** A fresh room: 128 random bits of id and 128 of secret. */
export function createRoomCredentials(random: (length: number) => Uint8Array = randomBytes): RoomCredentials {
  const roomId = random(CREDENTIAL_BYTES);
  const secret = random(CREDENTIAL_BYTES);
  if (roomId.length !== CREDENTIAL_BYTES || secret.length !== CREDENTIAL_BYTES) {
    throw new Error(`The random source must give ${CREDENTIAL_BYTES} bytes.`);
  }
  return { roomId: encodeBase64Url(roomId), secret: encodeBase64Url(secret) };
}

function assertCredentials(roomId: string, secret: string): void {
  if (!isCredentialText(roomId)) throw new Error('The room id must be 22 base64url characters (16 bytes).');
  if (!isCredentialText(secret)) throw new Error('The room secret must be 22 base64url characters (16 bytes).');
}

/**
 * The join link: `base` (the host's http origin, any path kept, any fragment dropped) with the
 * credentials in the fragment, which a browser never sends to a server.
 */
export function joinLink(base: string, roomId: string, secret: string): string {
  assertCredentials(roomId, secret);
  const hashAt = base.indexOf('#');
  let page = hashAt < 0 ? base : base.slice(0, hashAt);
  // "http://192.168.1.20:4781" and "http://192.168.1.20:4781/" are the same page; give it its path.
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]+$/i.test(page)) page += '/';
  return `${page}#room=${roomId}&key=${secret}`;
}

/** A join link's fragment that cannot be used, with the message to show. */
export class JoinLinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JoinLinkError';
  }
}

/** Longer than any join fragment (two 22-character values and their names). */
const MAX_FRAGMENT_LENGTH = 512;

/**
 * Reads `#room=…&key=…` (the leading `#` optional, any order). Values must be exactly 22
 * base64url characters; unknown parameters are ignored (a later link may carry more), a
 * repeated `room` or `key` is refused (which one would be meant?).
 */
/** `parseJoinFragment` without the throw: the credentials, or the message to show. */
export function readJoinFragment(hash: string): { ok: true; credentials: RoomCredentials } | { ok: false; message: string } {
  try {
    return { ok: true, credentials: parseJoinFragment(hash) };
  } catch (error) {
    return { ok: false, message: error instanceof JoinLinkError ? error.message : 'This join link does not work: copy the whole link from the facilitator again.' };
  }
}

export function parseJoinFragment(hash: string): RoomCredentials {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (fragment.length > MAX_FRAGMENT_LENGTH) {
    throw new JoinLinkError('This join link is damaged (it is far too long): copy the whole link from the facilitator again.');
  }
  const values = new Map<string, string>();
  for (const part of fragment.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const name = equals < 0 ? part : part.slice(0, equals);
    const value = equals < 0 ? '' : part.slice(equals + 1);
    if (name !== 'room' && name !== 'key') continue;
    if (values.has(name)) {
      throw new JoinLinkError(`This join link names the ${name === 'key' ? 'room key' : 'room'} twice: copy the whole link from the facilitator again.`);
    }
    values.set(name, value);
  }
  const roomId = values.get('room');
  const secret = values.get('key');
  if (roomId === undefined && secret === undefined) {
    throw new JoinLinkError('This link has no room in it: open the full join link from the facilitator (it ends with #room=…&key=…).');
  }
  if (secret === undefined || secret === '') {
    throw new JoinLinkError('This link has no room key: open the full join link from the facilitator (it ends with #room=…&key=…).');
  }
  if (roomId === undefined || roomId === '') {
    throw new JoinLinkError('This link has no room id: open the full join link from the facilitator (it ends with #room=…&key=…).');
  }
  if (!isCredentialText(roomId)) {
    throw new JoinLinkError('The room id in this link is damaged (it must be 22 letters, digits, “-” or “_”): copy the whole link from the facilitator again.');
  }
  if (!isCredentialText(secret)) {
    throw new JoinLinkError('The room key in this link is damaged (it must be 22 letters, digits, “-” or “_”): copy the whole link from the facilitator again.');
  }
  return { roomId, secret };
}

// ---------------------------------------------------------------------------------------------
// Keys and MACs.

export interface RoomKeys {
  readonly roomId: string;
  /** The room id's base64url text as bytes: what the MACs bind. */
  readonly roomIdBytes: Uint8Array;
  readonly authKey: Uint8Array;
  readonly sealKey: Uint8Array;
}

export function deriveRoomKeys(credentials: RoomCredentials): RoomKeys {
  const { roomId, secret } = credentials;
  assertCredentials(roomId, secret);
  const ikm = decodeBase64Url(secret) as Uint8Array;
  const salt = utf8ToBytes(`threatstorm-live-v1:${roomId}`);
  return {
    roomId,
    roomIdBytes: utf8ToBytes(roomId),
    authKey: hkdf(sha256, ikm, salt, utf8ToBytes('auth'), 32),
    sealKey: hkdf(sha256, ikm, salt, utf8ToBytes('seal'), 32),
  };
}

const CLIENT_PROOF_LABEL = utf8ToBytes('ts-live-v1 client');
const SERVER_PROOF_LABEL = utf8ToBytes('ts-live-v1 server');

function assertNonce(nonce: Uint8Array, what: string): void {
  if (nonce.length !== HANDSHAKE_NONCE_BYTES) throw new Error(`The ${what} nonce must be ${HANDSHAKE_NONCE_BYTES} bytes.`);
}

/** The client's proof that it holds the secret, bound to this connection's two nonces. */
export function clientProofMac(keys: RoomKeys, serverNonce: Uint8Array, clientNonce: Uint8Array): Uint8Array {
  assertNonce(serverNonce, 'server');
  assertNonce(clientNonce, 'client');
  return hmac(sha256, keys.authKey, concatBytes(CLIENT_PROOF_LABEL, keys.roomIdBytes, serverNonce, clientNonce));
}

/** The host's proof back: another label and nonce order, so a client proof never passes as one. */
export function serverProofMac(keys: RoomKeys, clientNonce: Uint8Array, serverNonce: Uint8Array): Uint8Array {
  assertNonce(serverNonce, 'server');
  assertNonce(clientNonce, 'client');
  return hmac(sha256, keys.authKey, concatBytes(SERVER_PROOF_LABEL, keys.roomIdBytes, clientNonce, serverNonce));
}

export interface SessionKeys {
  readonly clientToServer: Uint8Array;
  readonly serverToClient: Uint8Array;
}

/** Fresh keys for each connection and each direction (the server nonce alone makes them fresh). */
export function deriveSessionKeys(keys: RoomKeys, serverNonce: Uint8Array, clientNonce: Uint8Array): SessionKeys {
  assertNonce(serverNonce, 'server');
  assertNonce(clientNonce, 'client');
  const salt = concatBytes(serverNonce, clientNonce);
  return {
    clientToServer: hkdf(sha256, keys.sealKey, salt, utf8ToBytes('c2s'), 32),
    serverToClient: hkdf(sha256, keys.sealKey, salt, utf8ToBytes('s2c'), 32),
  };
}

// ---------------------------------------------------------------------------------------------
// Frames.

export type Frame =
  | { readonly type: 'hello'; readonly serverNonce: Uint8Array }
  | { readonly type: 'proof'; readonly clientNonce: Uint8Array; readonly mac: Uint8Array }
  | { readonly type: 'welcome'; readonly mac: Uint8Array }
  /** `reason` undefined: a code this version does not know. */
  | { readonly type: 'deny'; readonly reason: DenyReason | undefined }
  | {
      readonly type: 'data';
      readonly seq: number;
      /** The 10 header bytes, part of the AAD. */
      readonly header: Uint8Array;
      readonly nonce: Uint8Array;
      /** Ciphertext and tag. */
      readonly sealed: Uint8Array;
    };

function frame(type: number, ...parts: Uint8Array[]): Uint8Array {
  return concatBytes(Uint8Array.of(PROTOCOL_VERSION, type), ...parts);
}

export function encodeHello(serverNonce: Uint8Array): Uint8Array {
  assertNonce(serverNonce, 'server');
  return frame(FRAME_TYPE.hello, serverNonce);
}

export function encodeProof(clientNonce: Uint8Array, mac: Uint8Array): Uint8Array {
  assertNonce(clientNonce, 'client');
  if (mac.length !== MAC_BYTES) throw new Error(`A MAC is ${MAC_BYTES} bytes.`);
  return frame(FRAME_TYPE.proof, clientNonce, mac);
}

export function encodeWelcome(mac: Uint8Array): Uint8Array {
  if (mac.length !== MAC_BYTES) throw new Error(`A MAC is ${MAC_BYTES} bytes.`);
  return frame(FRAME_TYPE.welcome, mac);
}

export function encodeDeny(reason: DenyReason): Uint8Array {
  return frame(FRAME_TYPE.deny, Uint8Array.of(DENY_CODES[reason]));
}

const MAX_SEQ = Number.MAX_SAFE_INTEGER;

function encodeDataHeader(seq: number): Uint8Array {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new Error('A sequence number is a safe non-negative integer.');
  const header = new Uint8Array(DATA_HEADER_BYTES);
  header[0] = PROTOCOL_VERSION;
  header[1] = FRAME_TYPE.data;
  const high = Math.floor(seq / 2 ** 32);
  const low = seq % 2 ** 32;
  header[2] = (high >>> 24) & 0xff;
  header[3] = (high >>> 16) & 0xff;
  header[4] = (high >>> 8) & 0xff;
  header[5] = high & 0xff;
  header[6] = (low >>> 24) & 0xff;
  header[7] = (low >>> 16) & 0xff;
  header[8] = (low >>> 8) & 0xff;
  header[9] = low & 0xff;
  return header;
}

function readUint32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] as number) * 2 ** 24) + (((bytes[at + 1] as number) << 16) | ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number));
}

function malformed(detail: string): LiveProtocolError {
  return new LiveProtocolError('malformed', detail);
}

/**
 * Reads one frame. Throws LiveProtocolError('malformed') for a wrong version, an unknown type
 * or a length other than the type's; never reads past the input.
 */
export function decodeFrame(bytes: Uint8Array): Frame {
  if (bytes.length < 2) throw malformed('A frame has at least a version and a type byte.');
  if (bytes[0] !== PROTOCOL_VERSION) throw malformed(`Unknown protocol version ${String(bytes[0])}.`);
  const type = bytes[1];
  const expectLength = (length: number, what: string) => {
    if (bytes.length !== length) throw malformed(`A ${what} frame is ${length} bytes, this one is ${bytes.length}.`);
  };
  switch (type) {
    case FRAME_TYPE.hello:
      expectLength(HELLO_FRAME_BYTES, 'HELLO');
      return { type: 'hello', serverNonce: bytes.slice(2) };
    case FRAME_TYPE.proof:
      expectLength(PROOF_FRAME_BYTES, 'PROOF');
      return {
        type: 'proof',
        clientNonce: bytes.slice(2, 2 + HANDSHAKE_NONCE_BYTES),
        mac: bytes.slice(2 + HANDSHAKE_NONCE_BYTES),
      };
    case FRAME_TYPE.welcome:
      expectLength(WELCOME_FRAME_BYTES, 'WELCOME');
      return { type: 'welcome', mac: bytes.slice(2) };
    case FRAME_TYPE.deny: {
      expectLength(DENY_FRAME_BYTES, 'DENY');
      const code = bytes[2];
      const reason = (Object.keys(DENY_CODES) as DenyReason[]).find((name) => DENY_CODES[name] === code);
      return { type: 'deny', reason };
    }
    case FRAME_TYPE.data: {
      if (bytes.length < MIN_DATA_FRAME_BYTES) throw malformed(`A DATA frame is at least ${MIN_DATA_FRAME_BYTES} bytes.`);
      const high = readUint32(bytes, 2);
      const low = readUint32(bytes, 6);
      // Beyond 2^53 the number would be inexact; no honest peer gets there, so call it -1 (never next).
      const seq = high >= 2 ** 21 ? -1 : high * 2 ** 32 + low;
      return {
        type: 'data',
        seq,
        header: bytes.subarray(0, DATA_HEADER_BYTES),
        nonce: bytes.subarray(DATA_HEADER_BYTES, DATA_HEADER_BYTES + AEAD_NONCE_BYTES),
        sealed: bytes.subarray(DATA_HEADER_BYTES + AEAD_NONCE_BYTES),
      };
    }
    default:
      throw malformed(`Unknown frame type ${String(type)}.`);
  }
}

// ---------------------------------------------------------------------------------------------
// The sealed channel: DATA frames one way out, the other way in, strictly in order.

export interface SealedChannelOptions {
  readonly sendKey: Uint8Array;
  readonly receiveKey: Uint8Array;
  /** The direction this side sends in; it receives in the other. */
  readonly sendDirection: Direction;
  /** Incoming frames above this size are refused before any decryption work. */
  readonly maxFrameBytes: number;
  /** Source of the 24-byte frame nonces (tests fix it for known answers). */
  readonly random?: (length: number) => Uint8Array;
}

/**
 * One connection's DATA frames. Sequence numbers start at 0 each way and an incoming frame must
 * carry exactly the next one: a replayed, dropped or reordered frame breaks the channel. Once
 * `open` has failed the channel stays broken (the connection is to be closed): nothing after
 * a tampered frame is trusted.
 */
export class SealedChannel {
  private sendSeq = 0;
  private receiveSeq = 0;
  private failure: LiveProtocolError | null = null;
  private readonly receiveDirection: Direction;
  private readonly random: (length: number) => Uint8Array;

  constructor(private readonly options: SealedChannelOptions) {
    if (options.sendKey.length !== 32 || options.receiveKey.length !== 32) throw new Error('Channel keys are 32 bytes.');
    if (!(options.maxFrameBytes >= MIN_DATA_FRAME_BYTES)) throw new Error(`maxFrameBytes must be at least ${MIN_DATA_FRAME_BYTES}.`);
    this.receiveDirection =
      options.sendDirection === DIRECTION.clientToServer ? DIRECTION.serverToClient : DIRECTION.clientToServer;
    this.random = options.random ?? randomBytes;
  }

  get maxFrameBytes(): number {
    return this.options.maxFrameBytes;
  }

  /** Why the channel broke, or null while it is sound. */
  get broken(): LiveProtocolError | null {
    return this.failure;
  }

  seal(plaintext: Uint8Array): Uint8Array {
    if (this.sendSeq > MAX_SEQ) throw new Error('This connection has sent all the frames it can.');
    const header = encodeDataHeader(this.sendSeq);
    const nonce = this.random(AEAD_NONCE_BYTES);
    if (nonce.length !== AEAD_NONCE_BYTES) throw new Error(`A frame nonce is ${AEAD_NONCE_BYTES} bytes.`);
    const aad = concatBytes(header, Uint8Array.of(this.options.sendDirection));
    const sealed = xchacha20poly1305(this.options.sendKey, nonce, aad).encrypt(plaintext);
    this.sendSeq += 1;
    return concatBytes(header, nonce, sealed);
  }

  /** The plaintext of the next incoming frame; throws LiveProtocolError (and breaks) otherwise. */
  open(bytes: Uint8Array): Uint8Array {
    if (this.failure) throw this.failure;
    try {
      if (bytes.length > this.options.maxFrameBytes) {
        throw new LiveProtocolError('too-big', `A frame of ${bytes.length} bytes is over the limit of ${this.options.maxFrameBytes}.`);
      }
      const decoded = decodeFrame(bytes);
      if (decoded.type !== 'data') throw malformed(`Expected a DATA frame, got ${decoded.type.toUpperCase()}.`);
      if (decoded.seq !== this.receiveSeq) {
        throw new LiveProtocolError('replay', `Expected frame ${this.receiveSeq}, got ${decoded.seq < 0 ? 'an impossible number' : String(decoded.seq)}.`);
      }
      const aad = concatBytes(decoded.header, Uint8Array.of(this.receiveDirection));
      let plaintext: Uint8Array;
      try {
        plaintext = xchacha20poly1305(this.options.receiveKey, decoded.nonce, aad).decrypt(decoded.sealed);
      } catch {
        throw new LiveProtocolError('undecryptable', `Frame ${decoded.seq} failed authentication.`);
      }
      this.receiveSeq += 1;
      return plaintext;
    } catch (error) {
      this.failure = error instanceof LiveProtocolError ? error : new LiveProtocolError('malformed', String(error));
      throw this.failure;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Handshakes.

export type ServerHandshakeOutcome =
  | { readonly kind: 'accepted'; readonly reply: Uint8Array; readonly channel: SealedChannel }
  | { readonly kind: 'refused'; readonly fault: DenyReason; readonly reply: Uint8Array; readonly closeCode: number; readonly detail: string };

export interface ServerHandshakeOptions {
  readonly maxFrameBytes?: number;
  /** Fixed nonces for known-answer tests; fresh random ones otherwise. */
  readonly serverNonce?: Uint8Array;
  readonly random?: (length: number) => Uint8Array;
}

/**
 * The host's side: send `hello`, then hand the first frame from the client to `receive`. It
 * answers WELCOME and an open channel for a right PROOF, DENY and a close code for anything
 * else; a handshake decides once.
 */
export class ServerHandshake {
  readonly hello: Uint8Array;
  private readonly serverNonce: Uint8Array;
  private decided = false;
  private readonly maxFrameBytes: number;
  private readonly random: (length: number) => Uint8Array;

  constructor(
    private readonly keys: RoomKeys,
    options: ServerHandshakeOptions = {},
  ) {
    this.random = options.random ?? randomBytes;
    this.serverNonce = options.serverNonce ?? this.random(HANDSHAKE_NONCE_BYTES);
    this.hello = encodeHello(this.serverNonce);
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  }

  /** The refusal to send when the client is too slow (or the integration refuses it). */
  refuse(fault: DenyReason, detail = faultMessage(fault)): Extract<ServerHandshakeOutcome, { kind: 'refused' }> {
    this.decided = true;
    return { kind: 'refused', fault, reply: encodeDeny(fault), closeCode: CLOSE_CODES[fault], detail };
  }

  receive(bytes: Uint8Array): ServerHandshakeOutcome {
    if (this.decided) return this.refuse('malformed', 'The handshake has already been decided.');
    if (bytes.length > this.maxFrameBytes) return this.refuse('too-big', `A first frame of ${bytes.length} bytes.`);
    let proof: Frame;
    try {
      proof = decodeFrame(bytes);
    } catch (error) {
      return this.refuse('malformed', error instanceof Error ? error.message : String(error));
    }
    if (proof.type !== 'proof') return this.refuse('malformed', `Expected PROOF, got ${proof.type.toUpperCase()}.`);
    const expected = clientProofMac(this.keys, this.serverNonce, proof.clientNonce);
    if (!equalBytes(expected, proof.mac)) return this.refuse('wrong-key', 'The PROOF does not match the room secret.');
    this.decided = true;
    const sessionKeys = deriveSessionKeys(this.keys, this.serverNonce, proof.clientNonce);
    return {
      kind: 'accepted',
      reply: encodeWelcome(serverProofMac(this.keys, proof.clientNonce, this.serverNonce)),
      channel: new SealedChannel({
        sendKey: sessionKeys.serverToClient,
        receiveKey: sessionKeys.clientToServer,
        sendDirection: DIRECTION.serverToClient,
        maxFrameBytes: this.maxFrameBytes,
        random: this.random,
      }),
    };
  }
}

export type ClientHandshakeStep =
  /** Send `frame` (the PROOF) and wait for the next frame. */
  | { readonly kind: 'reply'; readonly frame: Uint8Array }
  /** The host proved itself: the channel is open. */
  | { readonly kind: 'open'; readonly channel: SealedChannel }
  /** Refused by the host (DENY) or the host failed its proof: close with `closeCode`. */
  | { readonly kind: 'refused'; readonly fault: LiveFault; readonly closeCode: number; readonly detail: string };

export interface ClientHandshakeOptions {
  /** Limit on frames from the host (the default is DEFAULT_MAX_HOST_FRAME_BYTES). */
  readonly maxFrameBytes?: number;
  readonly clientNonce?: Uint8Array;
  readonly random?: (length: number) => Uint8Array;
}

/**
 * The participant's side: feed it every frame from the host until it says `open` or `refused`.
 * It expects HELLO, then WELCOME; DENY at either point is a refusal with the host's reason.
 */
export class ClientHandshake {
  private state: 'awaiting-hello' | 'awaiting-welcome' | 'decided' = 'awaiting-hello';
  private serverNonce: Uint8Array | null = null;
  private readonly clientNonce: Uint8Array;
  private readonly maxFrameBytes: number;
  private readonly random: (length: number) => Uint8Array;

  constructor(
    private readonly keys: RoomKeys,
    options: ClientHandshakeOptions = {},
  ) {
    this.random = options.random ?? randomBytes;
    this.clientNonce = options.clientNonce ?? this.random(HANDSHAKE_NONCE_BYTES);
    assertNonce(this.clientNonce, 'client');
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_HOST_FRAME_BYTES;
  }

  private fail(fault: LiveFault, detail: string): ClientHandshakeStep {
    this.state = 'decided';
    return { kind: 'refused', fault, closeCode: clientCloseCode(fault), detail };
  }

  receive(bytes: Uint8Array): ClientHandshakeStep {
    if (this.state === 'decided') return this.fail('malformed', 'The handshake has already been decided.');
    // No handshake frame is anywhere near the limit; a huge one is refused unread.
    if (bytes.length > this.maxFrameBytes) return this.fail('too-big', `A handshake frame of ${bytes.length} bytes.`);
    let decoded: Frame;
    try {
      decoded = decodeFrame(bytes);
    } catch (error) {
      return this.fail('malformed', error instanceof Error ? error.message : String(error));
    }
    if (decoded.type === 'deny') {
      const fault = decoded.reason ?? 'refused';
      this.state = 'decided';
      // The host closes with the code; the client closes with the same (or its browser-safe twin).
      return { kind: 'refused', fault, closeCode: clientCloseCode(fault), detail: `The host refused: ${fault}.` };
    }
    if (this.state === 'awaiting-hello') {
      if (decoded.type !== 'hello') return this.fail('malformed', `Expected HELLO, got ${decoded.type.toUpperCase()}.`);
      this.serverNonce = decoded.serverNonce;
      this.state = 'awaiting-welcome';
      return { kind: 'reply', frame: encodeProof(this.clientNonce, clientProofMac(this.keys, decoded.serverNonce, this.clientNonce)) };
    }
    if (decoded.type !== 'welcome') return this.fail('malformed', `Expected WELCOME, got ${decoded.type.toUpperCase()}.`);
    const serverNonce = this.serverNonce as Uint8Array;
    const expected = serverProofMac(this.keys, this.clientNonce, serverNonce);
    if (!equalBytes(expected, decoded.mac)) return this.fail('not-host', 'The WELCOME does not prove knowledge of the room secret.');
    this.state = 'decided';
    const sessionKeys = deriveSessionKeys(this.keys, serverNonce, this.clientNonce);
    return {
      kind: 'open',
      channel: new SealedChannel({
        sendKey: sessionKeys.clientToServer,
        receiveKey: sessionKeys.serverToClient,
        sendDirection: DIRECTION.clientToServer,
        maxFrameBytes: this.maxFrameBytes,
        random: this.random,
      }),
    };
  }
}
