/**
 * The live workshop's transport protocol (shared/live/protocol.ts), without sockets: credentials
 * and join links, known answers checked against Node's own HKDF and HMAC, the two handshake
 * state machines, and the sealed channel's refusal of every replayed, reordered, oversized or
 * tampered frame.
 */
import { createHmac, hkdfSync, randomBytes as nodeRandomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import {
  AEAD_NONCE_BYTES,
  CLOSE_CODES,
  ClientHandshake,
  DATA_HEADER_BYTES,
  DEFAULT_MAX_FRAME_BYTES,
  DIRECTION,
  JoinLinkError,
  LiveProtocolError,
  MIN_DATA_FRAME_BYTES,
  SealedChannel,
  ServerHandshake,
  clientCloseCode,
  clientProofMac,
  createRoomCredentials,
  decodeBase64Url,
  decodeFrame,
  deriveRoomKeys,
  deriveSessionKeys,
  encodeBase64Url,
  encodeDeny,
  encodeProof,
  encodeWelcome,
  faultFromCloseCode,
  faultMessage,
  isCredentialText,
  joinLink,
  parseJoinFragment,
  serverProofMac,
  type LiveFault,
  type RoomCredentials,
  type RoomKeys,
} from '../../shared/live/protocol.ts';

const run = (start: number, length: number) => Uint8Array.from({ length }, (_, i) => (start + i) & 0xff);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const utf8 = (text: string) => new TextEncoder().encode(text);
/** A random source that always gives the same run of bytes (for known answers). */
const fixedRandom = (start: number) => (length: number) => run(start, length);

/** Fixed inputs: secret 00..0f, room id 10..1f, server nonce 20..3f, client nonce 40..5f. */
const KNOWN: RoomCredentials = { roomId: 'EBESExQVFhcYGRobHB0eHw', secret: 'AAECAwQFBgcICQoLDA0ODw' };
const SERVER_NONCE = run(0x20, 32);
const CLIENT_NONCE = run(0x40, 32);

function handshake(keys: RoomKeys, clientKeys: RoomKeys = keys, options: { maxFrameBytes?: number } = {}) {
  const server = new ServerHandshake(keys, options);
  const client = new ClientHandshake(clientKeys, options);
  const proof = client.receive(server.hello);
  if (proof.kind !== 'reply') throw new Error(`client: ${proof.kind}`);
  const outcome = server.receive(proof.frame);
  return { server, client, proof: proof.frame, outcome };
}

function openPair(keys: RoomKeys = deriveRoomKeys(createRoomCredentials()), options: { maxFrameBytes?: number } = {}) {
  const { client, outcome } = handshake(keys, keys, options);
  if (outcome.kind !== 'accepted') throw new Error(`server refused: ${outcome.fault}`);
  const opened = client.receive(outcome.reply);
  if (opened.kind !== 'open') throw new Error(`client: ${opened.kind}`);
  return { server: outcome.channel, client: opened.channel };
}

function faultOf(action: () => unknown): LiveFault | 'none' {
  try {
    action();
    return 'none';
  } catch (error) {
    if (error instanceof LiveProtocolError) return error.fault;
    throw error;
  }
}

describe('base64url', () => {
  it('matches Node’s encoder and decodes back, for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = encodeBase64Url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(decodeBase64Url(text)).toEqual(bytes);
      }),
    );
  });

  it('refuses padding, other alphabets, impossible lengths and non-canonical trailing bits', () => {
    expect(decodeBase64Url('AAECAwQFBgcICQoLDA0ODw==')).toBeNull();
    expect(decodeBase64Url('AAECAwQFBgcICQoLDA0OD+')).toBeNull();
    expect(decodeBase64Url('AAECAwQFBgcICQoLDA0OD/')).toBeNull();
    expect(decodeBase64Url('AAECA')).toBeNull();
    // "Dx" decodes to the same 16 bytes as "Dw" under a lax decoder: only one spelling is accepted.
    expect(decodeBase64Url('AAECAwQFBgcICQoLDA0ODx')).toBeNull();
    expect(decodeBase64Url('AAECAwQFBgcICQoLDA0ODw')).toEqual(run(0, 16));
  });
});

describe('room credentials and the join link', () => {
  it('creates 128-bit room ids and secrets as 22 base64url characters, fresh each time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const { roomId, secret } = createRoomCredentials();
      expect(roomId).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(secret).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(decodeBase64Url(secret)).toHaveLength(16);
      seen.add(roomId).add(secret);
    }
    expect(seen.size).toBe(100);
    expect(createRoomCredentials(fixedRandom(0))).toEqual({ roomId: 'AAECAwQFBgcICQoLDA0ODw', secret: 'AAECAwQFBgcICQoLDA0ODw' });
  });

  it('puts the credentials in the fragment of the host’s page, and reads them back', () => {
    const { roomId, secret } = createRoomCredentials();
    const link = joinLink('http://192.168.1.20:4781', roomId, secret);
    expect(link).toBe(`http://192.168.1.20:4781/#room=${roomId}&key=${secret}`);
    expect(joinLink('http://192.168.1.20:4781/', roomId, secret)).toBe(link);
    expect(joinLink('http://192.168.1.20:4781/#room=old&key=old', roomId, secret)).toBe(link);
    expect(joinLink('http://[fe80::1]:4781/join?x=1', roomId, secret)).toBe(`http://[fe80::1]:4781/join?x=1#room=${roomId}&key=${secret}`);
    const url = new URL(link);
    expect(url.pathname + url.search).toBe('/');
    expect(parseJoinFragment(url.hash)).toEqual({ roomId, secret });
    expect(parseJoinFragment(`key=${secret}&room=${roomId}&name=Ada`)).toEqual({ roomId, secret });
    expect(() => joinLink('http://h/', roomId, 'short')).toThrow(/room secret/);
    expect(() => joinLink('http://h/', 'x'.repeat(23), secret)).toThrow(/room id/);
  });

  it('refuses a missing or damaged room key or room id with a message that says what to do', () => {
    const good = createRoomCredentials();
    const cases: [string, RegExp][] = [
      ['', /no room in it.*full join link/],
      ['#', /no room in it/],
      [`#room=${good.roomId}`, /no room key/],
      [`#room=${good.roomId}&key=`, /no room key/],
      [`#key=${good.secret}`, /no room id/],
      [`#room=${good.roomId}&key=${good.secret.slice(1)}`, /room key in this link is damaged/],
      [`#room=${good.roomId}&key=${good.secret}A`, /room key in this link is damaged/],
      [`#room=${good.roomId}&key=${good.secret.slice(0, 21)}+`, /room key in this link is damaged/],
      [`#room=${good.roomId}&key=${encodeURIComponent('AAECAwQFBgcICQoLDA0OD/')}`, /room key in this link is damaged/],
      [`#room=${good.roomId.slice(0, 21)}!&key=${good.secret}`, /room id in this link is damaged/],
      [`#room=${good.roomId}&key=${good.secret}&key=${good.secret}`, /room key twice/],
      [`#room=${good.roomId}&room=${good.roomId}&key=${good.secret}`, /room twice/],
      [`#room=${good.roomId}&key=${good.secret}&pad=${'x'.repeat(600)}`, /far too long/],
    ];
    for (const [hash, message] of cases) {
      expect(() => parseJoinFragment(hash), hash).toThrow(JoinLinkError);
      expect(() => parseJoinFragment(hash), hash).toThrow(message);
    }
    expect(isCredentialText(good.secret)).toBe(true);
    expect(isCredentialText(42)).toBe(false);
  });
});

describe('known answers (fixed secret, room id and nonces)', () => {
  const keys = deriveRoomKeys(KNOWN);
  const salt = Buffer.from(`threatstorm-live-v1:${KNOWN.roomId}`);
  const nodeHkdf = (ikm: Uint8Array, s: Uint8Array, info: string) => new Uint8Array(hkdfSync('sha256', ikm, s, info, 32));
  const nodeHmac = (key: Uint8Array, ...parts: Uint8Array[]) => {
    const mac = createHmac('sha256', key);
    for (const part of parts) mac.update(part);
    return new Uint8Array(mac.digest());
  };

  it('derives the auth and seal keys and the session keys exactly as Node’s HKDF does', () => {
    expect(hex(keys.authKey)).toBe(hex(nodeHkdf(run(0, 16), salt, 'auth')));
    expect(hex(keys.sealKey)).toBe(hex(nodeHkdf(run(0, 16), salt, 'seal')));
    expect(keys.authKey).not.toEqual(keys.sealKey);
    const session = deriveSessionKeys(keys, SERVER_NONCE, CLIENT_NONCE);
    const nonces = Buffer.concat([SERVER_NONCE, CLIENT_NONCE]);
    expect(hex(session.clientToServer)).toBe(hex(nodeHkdf(keys.sealKey, nonces, 'c2s')));
    expect(hex(session.serverToClient)).toBe(hex(nodeHkdf(keys.sealKey, nonces, 's2c')));
  });

  it('computes both proofs as Node’s HMAC does, and the frames byte for byte', () => {
    const roomId = utf8(KNOWN.roomId);
    const clientMac = nodeHmac(keys.authKey, utf8('ts-live-v1 client'), roomId, SERVER_NONCE, CLIENT_NONCE);
    const serverMac = nodeHmac(keys.authKey, utf8('ts-live-v1 server'), roomId, CLIENT_NONCE, SERVER_NONCE);
    expect(hex(clientProofMac(keys, SERVER_NONCE, CLIENT_NONCE))).toBe(hex(clientMac));
    expect(hex(serverProofMac(keys, CLIENT_NONCE, SERVER_NONCE))).toBe(hex(serverMac));

    const server = new ServerHandshake(keys, { serverNonce: SERVER_NONCE, random: fixedRandom(0x80) });
    const client = new ClientHandshake(keys, { clientNonce: CLIENT_NONCE, random: fixedRandom(0xa0) });
    expect(hex(server.hello)).toBe(`0101${hex(SERVER_NONCE)}`);
    const proof = client.receive(server.hello);
    expect(proof).toEqual({ kind: 'reply', frame: encodeProof(CLIENT_NONCE, clientMac) });
    if (proof.kind !== 'reply') return;
    expect(hex(proof.frame)).toBe(
      '0102404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f' +
        'd892d7c97f6abb4da8b418792a35067af7d176f92e7f8dd2bcab29c289efa80f',
    );
    const accepted = server.receive(proof.frame);
    if (accepted.kind !== 'accepted') throw new Error('refused');
    expect(hex(accepted.reply)).toBe(`0103${hex(serverMac)}`);
    expect(hex(accepted.reply)).toBe('01031aacabfd131d975f36f24cb2f1539638839380670faa7d2a912c5c6861471475');
    const opened = client.receive(accepted.reply);
    if (opened.kind !== 'open') throw new Error('not open');

    // DATA frames: header, the fixed nonce, then XChaCha20-Poly1305 under the session key with
    // AAD = header ‖ direction, checked by decrypting with keys derived by Node's HKDF.
    const nonces = Buffer.concat([SERVER_NONCE, CLIENT_NONCE]);
    const c2sFrame = opened.channel.seal(utf8('hello'));
    expect(hex(c2sFrame)).toBe(
      '01100000000000000000' + 'a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7' + 'd977ac32153c6fe195c719cecec04c791da85ffc03',
    );
    const header = c2sFrame.subarray(0, DATA_HEADER_BYTES);
    const aad = Uint8Array.from([...header, DIRECTION.clientToServer]);
    const plain = xchacha20poly1305(nodeHkdf(keys.sealKey, nonces, 'c2s'), run(0xa0, 24), aad).decrypt(c2sFrame.subarray(34));
    expect(new TextDecoder().decode(plain)).toBe('hello');
    expect(new TextDecoder().decode(accepted.channel.open(c2sFrame))).toBe('hello');

    const s2cFrame = accepted.channel.seal(utf8('hello'));
    expect(hex(s2cFrame)).toBe(
      '01100000000000000000' + '808182838485868788898a8b8c8d8e8f9091929394959697' + 'bba86a935b9a7f70a9db03703e65816e9eec1dbeea',
    );
    expect(new TextDecoder().decode(opened.channel.open(s2cFrame))).toBe('hello');
    // The second frame carries sequence number 1.
    expect(hex(accepted.channel.seal(utf8('again')).subarray(0, DATA_HEADER_BYTES))).toBe('01100000000000000001');
  });

  it('a different secret or room id gives different keys', () => {
    const other = deriveRoomKeys({ roomId: KNOWN.roomId, secret: 'AAECAwQFBgcICQoLDA0OEA' });
    const otherRoom = deriveRoomKeys({ roomId: 'EBESExQVFhcYGRobHB0eIA', secret: KNOWN.secret });
    expect(other.authKey).not.toEqual(keys.authKey);
    expect(otherRoom.authKey).not.toEqual(keys.authKey);
    expect(otherRoom.sealKey).not.toEqual(keys.sealKey);
  });
});

describe('the handshake', () => {
  const keys = deriveRoomKeys(createRoomCredentials());

  it('opens both ways with the right secret', () => {
    const { server, client } = openPair(keys);
    expect(new TextDecoder().decode(server.open(client.seal(utf8('from participant'))))).toBe('from participant');
    expect(new TextDecoder().decode(client.open(server.seal(utf8('from host'))))).toBe('from host');
  });

  it('refuses a wrong secret with DENY “wrong key” and 4401, and the client says so plainly', () => {
    const wrong = deriveRoomKeys({ roomId: keys.roomId, secret: createRoomCredentials().secret });
    const { outcome, client } = handshake(keys, wrong);
    expect(outcome).toMatchObject({ kind: 'refused', fault: 'wrong-key', closeCode: 4401 });
    if (outcome.kind !== 'refused') return;
    expect([...outcome.reply]).toEqual([1, 4, 1]);
    const step = client.receive(outcome.reply);
    expect(step).toMatchObject({ kind: 'refused', fault: 'wrong-key', closeCode: 4401 });
    expect(faultMessage('wrong-key')).toBe('The room key in this link is wrong: ask the facilitator for the current link.');
  });

  it('refuses a proof made for another room id, even with the same secret', () => {
    const otherRoom = deriveRoomKeys({ roomId: createRoomCredentials().roomId, secret: KNOWN.secret });
    const sameSecret = deriveRoomKeys({ roomId: KNOWN.roomId, secret: KNOWN.secret });
    expect(handshake(sameSecret, otherRoom).outcome).toMatchObject({ kind: 'refused', fault: 'wrong-key' });
  });

  it('refuses a PROOF replayed from another connection (the server nonce is fresh)', () => {
    const { proof, outcome } = handshake(keys);
    expect(outcome.kind).toBe('accepted');
    const replay = new ServerHandshake(keys).receive(proof);
    expect(replay).toMatchObject({ kind: 'refused', fault: 'wrong-key', closeCode: 4401 });
  });

  it('refuses anything but one well-formed PROOF as malformed (4400)', () => {
    const server = new ServerHandshake(keys);
    const client = new ClientHandshake(keys);
    const proofStep = client.receive(server.hello);
    if (proofStep.kind !== 'reply') throw new Error('no proof');
    const proof = proofStep.frame;
    const bad: Uint8Array[] = [
      new Uint8Array(0),
      Uint8Array.of(1),
      Uint8Array.of(2, 2, ...proof.subarray(2)),
      Uint8Array.of(1, 3, ...proof.subarray(2, 34)),
      proof.subarray(0, proof.length - 1),
      Uint8Array.of(...proof, 0),
      server.hello,
      encodeDeny('wrong-key'),
      utf8('{"type":"auth","token":"x"}'),
    ];
    for (const frame of bad) {
      expect(new ServerHandshake(keys).receive(frame), hex(frame)).toMatchObject({ kind: 'refused', fault: 'malformed', closeCode: 4400 });
    }
    // A handshake decides once: after a refusal even the right proof is refused.
    const once = new ServerHandshake(keys);
    once.receive(new Uint8Array(3));
    expect(once.receive(proof).kind).toBe('refused');
  });

  it('refuses an oversized first frame as too big (1009) before reading it', () => {
    const server = new ServerHandshake(keys, { maxFrameBytes: 100 });
    expect(server.receive(new Uint8Array(101))).toMatchObject({ kind: 'refused', fault: 'too-big', closeCode: 1009 });
    expect(new ServerHandshake(keys).receive(new Uint8Array(DEFAULT_MAX_FRAME_BYTES + 1))).toMatchObject({ fault: 'too-big' });
  });

  it('a timeout refusal is DENY “too slow” and 4408', () => {
    const refusal = new ServerHandshake(keys).refuse('too-slow');
    expect([...refusal.reply]).toEqual([1, 4, 2]);
    expect(refusal.closeCode).toBe(4408);
  });

  it('the client refuses a host that cannot prove the secret: a made-up WELCOME, or its own proof reflected', () => {
    const server = new ServerHandshake(keys);
    const client = new ClientHandshake(keys);
    const proof = client.receive(server.hello);
    if (proof.kind !== 'reply') throw new Error('no proof');
    const reflected = encodeWelcome(proof.frame.subarray(34));
    expect(client.receive(reflected)).toMatchObject({ kind: 'refused', fault: 'not-host', closeCode: 4403 });
    expect(faultMessage('not-host')).toMatch(/^This is not the room’s host/);

    const other = new ClientHandshake(keys);
    other.receive(new ServerHandshake(keys).hello);
    expect(other.receive(encodeWelcome(nodeRandomBytes(32)))).toMatchObject({ kind: 'refused', fault: 'not-host' });

    // A WELCOME from the real host but for another connection (other nonces).
    const { outcome } = handshake(keys);
    if (outcome.kind !== 'accepted') throw new Error('refused');
    const third = new ClientHandshake(keys);
    third.receive(new ServerHandshake(keys).hello);
    expect(third.receive(outcome.reply)).toMatchObject({ kind: 'refused', fault: 'not-host' });
  });

  it('the client accepts frames only in order: HELLO, then WELCOME (DENY at either point)', () => {
    const early = new ClientHandshake(keys);
    expect(early.receive(encodeWelcome(new Uint8Array(32)))).toMatchObject({ kind: 'refused', fault: 'malformed', closeCode: 4400 });
    const data = new ClientHandshake(keys);
    expect(data.receive(Uint8Array.of(1, 16, ...new Uint8Array(MIN_DATA_FRAME_BYTES - 2)))).toMatchObject({ fault: 'malformed' });
    const twice = new ClientHandshake(keys);
    const server = new ServerHandshake(keys);
    twice.receive(server.hello);
    expect(twice.receive(server.hello)).toMatchObject({ fault: 'malformed' });
    const denied = new ClientHandshake(keys);
    expect(denied.receive(encodeDeny('room-full'))).toMatchObject({ kind: 'refused', fault: 'room-full', closeCode: 4429 });
    const unknown = new ClientHandshake(keys);
    expect(unknown.receive(Uint8Array.of(1, 4, 99))).toMatchObject({ kind: 'refused', fault: 'refused' });
    const tooBig = new ClientHandshake(keys, { maxFrameBytes: 64 });
    expect(tooBig.receive(new Uint8Array(65))).toMatchObject({ kind: 'refused', fault: 'too-big', closeCode: 4413 });
  });

  it('maps close codes to faults and back, with a browser-safe code for “too big”', () => {
    for (const fault of ['wrong-key', 'too-slow', 'malformed', 'too-big', 'room-full'] as const) {
      expect(faultFromCloseCode(CLOSE_CODES[fault])).toBe(fault);
      expect(faultFromCloseCode(clientCloseCode(fault))).toBe(fault);
      expect(faultMessage(fault).length).toBeGreaterThan(20);
    }
    expect(clientCloseCode('too-big')).toBe(4413);
    expect(faultFromCloseCode(1000)).toBeUndefined();
    expect(faultFromCloseCode(1006)).toBeUndefined();
  });
});

describe('the sealed channel', () => {
  it('round-trips any payloads, in order, both ways', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.uint8Array({ maxLength: 2048 })), { maxLength: 20 }), (messages) => {
        const { server, client } = openPair();
        for (const [fromClient, payload] of messages) {
          const [sender, receiver] = fromClient ? [client, server] : [server, client];
          const frame = sender.seal(payload);
          expect(frame.length).toBe(MIN_DATA_FRAME_BYTES + payload.length);
          expect(receiver.open(frame)).toEqual(payload);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('rejects any single-byte change of a frame, and stays broken afterwards', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (payload, at, flip) => {
        const { server, client } = openPair();
        const frame = client.seal(payload);
        const index = at % frame.length;
        const tampered = frame.slice();
        tampered[index] = (tampered[index] as number) ^ flip;
        const fault = faultOf(() => server.open(tampered));
        if (index < 2) expect(fault).toBe('malformed');
        else if (index < DATA_HEADER_BYTES) expect(fault).toBe('replay');
        else expect(fault).toBe('undecryptable');
        // Nothing after a tampered frame is trusted, not even the genuine one.
        expect(faultOf(() => server.open(frame))).toBe(fault);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a replayed, skipped or reordered frame (4403)', () => {
    const replayed = openPair();
    const first = replayed.client.seal(utf8('one'));
    replayed.server.open(first);
    expect(faultOf(() => replayed.server.open(first))).toBe('replay');
    expect(CLOSE_CODES.replay).toBe(4403);

    const skipped = openPair();
    skipped.client.seal(utf8('lost'));
    expect(faultOf(() => skipped.server.open(skipped.client.seal(utf8('two'))))).toBe('replay');

    const reordered = openPair();
    const a = reordered.client.seal(utf8('a'));
    const b = reordered.client.seal(utf8('b'));
    expect(faultOf(() => reordered.server.open(b))).toBe('replay');
    expect(faultOf(() => reordered.server.open(a))).toBe('replay');
  });

  it('refuses a frame of another connection, or one sent back the way it came', () => {
    const keys = deriveRoomKeys(createRoomCredentials());
    const one = openPair(keys);
    const two = openPair(keys);
    // Same room, same sequence number 0, other session keys.
    expect(faultOf(() => two.server.open(one.client.seal(utf8('x'))))).toBe('undecryptable');
    // The host's own frame reflected back to it.
    const three = openPair(keys);
    expect(faultOf(() => three.server.open(three.server.seal(utf8('echo'))))).toBe('undecryptable');
  });

  it('refuses an oversized frame as too big before any decryption work', () => {
    const { server, client } = openPair(undefined, { maxFrameBytes: 1024 });
    // The limit is checked first: a frame one byte over the limit is "too big" even though,
    // decrypted, it would have been fine.
    const frame = client.seal(new Uint8Array(1024 - MIN_DATA_FRAME_BYTES + 1));
    expect(frame.length).toBe(1025);
    expect(faultOf(() => server.open(frame))).toBe('too-big');
    const exact = openPair(undefined, { maxFrameBytes: 1024 });
    expect(exact.server.open(exact.client.seal(new Uint8Array(1024 - MIN_DATA_FRAME_BYTES)))).toHaveLength(1024 - MIN_DATA_FRAME_BYTES);
  });

  it('reads a sequence number beyond 2^53 as never the next one', () => {
    const frame = Uint8Array.of(1, 16, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, ...new Uint8Array(AEAD_NONCE_BYTES + 16));
    const decoded = decodeFrame(frame);
    expect(decoded).toMatchObject({ type: 'data', seq: -1 });
    const { server } = openPair();
    expect(faultOf(() => server.open(frame))).toBe('replay');
  });

  it('refuses a channel built with short keys or a limit below the smallest frame', () => {
    const key = new Uint8Array(32);
    expect(() => new SealedChannel({ sendKey: key.subarray(1), receiveKey: key, sendDirection: 1, maxFrameBytes: 100 })).toThrow();
    expect(() => new SealedChannel({ sendKey: key, receiveKey: key, sendDirection: 1, maxFrameBytes: 10 })).toThrow();
  });
});
