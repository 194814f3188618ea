import { describe, expect, it } from 'vitest';
import { JARGON_TERMS, findJargon, outcomeHint } from '../../shared/jargon.ts';

/** One sentence per list entry, with the term as it would really be written. */
const SAMPLES: Record<string, [sentence: string, term: string]> = {
  aes: ['My saved cards are protected with AES-256.', 'AES-256'],
  rsa: ['Messages are signed with RSA-2048 keys.', 'RSA-2048'],
  sha: ['We store a SHA-256 of every file.', 'SHA-256'],
  md5: ['Files are checked with md5 sums.', 'md5'],
  hmac: ['Webhooks carry an HMAC-SHA256 signature.', 'HMAC-SHA256'],
  ecdsa: ['Receipts are signed with ECDSA.', 'ECDSA'],
  'password-hashing': ['My password is stored with bcrypt.', 'bcrypt'],
  hash: ['Only a hash of my password is kept.', 'hash'],
  salt: ['Passwords use a unique salt.', 'salt'],
  encrypt: ['My messages are end-to-end encrypted.', 'encrypted'],
  cipher: ['Nothing is kept in plaintext.', 'plaintext'],
  cryptography: ['Protected with strong cryptography.', 'cryptography'],
  'key-length': ['We use 2048-bit keys for everything.', '2048-bit keys'],
  'at-rest': ['My data is protected at rest.', 'at rest'],
  'in-transit': ['My details are safe in transit.', 'in transit'],
  checksum: ['Each download has a checksum.', 'checksum'],
  'digital-signature': ['Invoices are digitally signed.', 'digitally signed'],
  token: ['The link contains a single-use token.', 'token'],
  hsm: ['The keys live in an HSM.', 'HSM'],
  kms: ['Keys are held in AWS KMS.', 'AWS KMS'],
  pki: ['Devices are enrolled through our PKI.', 'PKI'],
  tls: ['Everything I send goes over TLS 1.3.', 'TLS 1.3'],
  mtls: ['Our services talk over mTLS.', 'mTLS'],
  ssl: ['The site has an SSL padlock.', 'SSL'],
  https: ['The checkout page uses HTTPS.', 'HTTPS'],
  hsts: ['The domain is on the HSTS preload list.', 'HSTS'],
  jwt: ['My session is a JWT.', 'JWT'],
  oauth: ['I connect my calendar with OAuth 2.0.', 'OAuth 2.0'],
  oidc: ['I sign in through OpenID Connect.', 'OpenID Connect'],
  saml: ['Staff sign in with SAML.', 'SAML'],
  sso: ['I can use SSO at work.', 'SSO'],
  pci: ['Card handling is PCI-DSS compliant.', 'PCI-DSS'],
  pii: ['My PII is never shared.', 'PII'],
  cve: ['CVE-2024-3094 is patched on every server.', 'CVE-2024-3094'],
  csrf: ['The form is protected against CSRF.', 'CSRF'],
  xss: ['Comments cannot contain XSS.', 'XSS'],
  'sql-injection': ['The search box is safe from SQL injection.', 'SQL injection'],
  ddos: ['The shop stays up during a DDoS.', 'DDoS'],
  waf: ['A WAF sits in front of the shop.', 'WAF'],
  firewall: ['My data sits behind a firewall.', 'firewall'],
  rbac: ['Support access uses RBAC.', 'RBAC'],
  'least-privilege': ['Staff work on least privilege.', 'least privilege'],
  'zero-trust': ['The office network is zero-trust.', 'zero-trust'],
  mfa: ['My account has MFA.', 'MFA'],
  otp: ['I get an OTP by text.', 'OTP'],
  authentication: ['Authentication is required for payouts.', 'Authentication'],
  'rate-limit': ['Sign-in is rate-limited.', 'rate-limited'],
  siem: ['Every sign-in goes to the SIEM.', 'SIEM'],
  dlp: ['Exports are watched by DLP.', 'DLP'],
  edr: ['Every laptop runs EDR.', 'EDR'],
};

/** Things real users say about trust, money, health, travel, food and daily life. */
const ORDINARY_SENTENCES = [
  'Only I can sign in to my account, even if someone knows my password.',
  'Nobody but me can see my saved cards.',
  'I get a code on my phone when I sign in from a new laptop.',
  'If I lose my phone, I can still get back into my account.',
  'My parcel is in transit and should arrive tomorrow.',
  'The settlements appear on my bank statement within three days.',
  'I hashtag my holiday photos so my friends can find them.',
  'We hashed out the plan over coffee.',
  'I ordered hash browns with my breakfast.',
  'I add a pinch of salt to the soup.',
  'My salted caramel order arrived on time.',
  'The roads were salted overnight.',
  'I got a gift token for my birthday.',
  'She sent flowers as a token of thanks.',
  'I keep some crypto in my wallet app.',
  'I ran 5 kms this morning and the app kept my route private.',
  'My mind is at rest now that the refund has come through.',
  'I rested at home after my ACL surgery, and my physio notes stayed private.',
  'The dos and don’ts are listed on the help page.',
  'I authorise every payment myself.',
  'My flu injection is recorded in my health record.',
  'I can decipher my doctor’s handwriting now that the app types it out.',
  'My authentic reviews are shown under my chosen name.',
  'The outlets list shows shops near me.',
  'I can download all my files whenever I want.',
  'Nobody at your company can read my messages unless I ask for help.',
  'My location is only shared with the driver during my trip.',
  'When I close my account, my details are really deleted.',
  'The price I pay is the one I was shown.',
  'I can see every device where I am signed in.',
  'My tickets are bought by me, not by a bot.',
  'The shop keeps working on Black Friday.',
  'Nobody can see what I search for on a shared tablet.',
  'I get a receipt for every payment.',
  'I can pay with my card at the self-checkout.',
  'Support never asks for my password.',
  'My kids cannot buy things without my say-so.',
  'My cycling stats stay between me and my coach.',
  'My 8-bit games collection is safe in my account.',
  'The transit map shows my bus in real time.',
  'I rest easy knowing my backups are kept for a year.',
  'My tokens of appreciation were sent to the team.',
  'The hotel shows my booking on my phone.',
  'I can change my mind and withdraw consent at any time.',
  'I can talk to a person when something goes wrong.',
];

describe('the jargon list', () => {
  it('has unique ids, compilable patterns, and a sample for every entry', () => {
    const entryIds = JARGON_TERMS.map((term) => term.id);
    expect(new Set(entryIds).size).toBe(entryIds.length);
    expect(Object.keys(SAMPLES).sort()).toEqual([...entryIds].sort());
    for (const term of JARGON_TERMS) expect(() => new RegExp(term.pattern, 'iu')).not.toThrow();
  });

  it.each(JARGON_TERMS.map((term) => [term.id, term] as const))('detects %s', (id, entry) => {
    const [sentence, expected] = SAMPLES[id]!;
    const matches = findJargon(sentence);
    expect(matches.map((m) => m.term)).toContain(expected);
    const match = matches.find((m) => m.term === expected)!;
    expect(match.id).toBe(id);
    expect(sentence.slice(match.index, match.index + match.length)).toBe(expected);
    expect(match.suggestion).toBe(entry.suggestion);
  });

  it('writes every suggestion in plain words', () => {
    for (const term of JARGON_TERMS) expect(findJargon(term.suggestion), term.id).toEqual([]);
  });
});

describe('findJargon', () => {
  it.each(ORDINARY_SENTENCES)('leaves an ordinary sentence alone: %s', (sentence) => {
    expect(findJargon(sentence)).toEqual([]);
  });

  it('is case-insensitive and keeps the text as written', () => {
    expect(findJargon('protected by tls and Tls and TLS').map((m) => m.term)).toEqual(['tls', 'Tls', 'TLS']);
  });

  it('only matches whole words', () => {
    for (const text of ['settlements', 'outlasts', 'hashtag', 'aesthetic', 'mfawesome', 'sslx', 'waffle', 'jwtx', 'tokenism']) {
      expect(findJargon(text), text).toEqual([]);
    }
    expect(findJargon('AES.')).toHaveLength(1);
    expect(findJargon('(TLS)')).toHaveLength(1);
    expect(findJargon('“XSS”')).toHaveLength(1);
  });

  it('finds key lengths written in different ways', () => {
    for (const text of ['2048-bit', '256 bit', '4096bit', '128-bit encryption', '512 bits']) {
      expect(findJargon(`keys of ${text} are used`).map((m) => m.id), text).toEqual(['key-length']);
    }
    expect(findJargon('a 12-bit counter and a 300-bit thing')).toEqual([]);
  });

  it('reports overlapping terms once, the earliest and longest', () => {
    expect(findJargon('SHA-256').map((m) => m.term)).toEqual(['SHA-256']);
    expect(findJargon('a salted hash').map((m) => m.term)).toEqual(['salted', 'hash']);
    expect(findJargon('AES-256-GCM at rest and in transit').map((m) => m.term)).toEqual(['AES-256-GCM', 'at rest', 'in transit']);
  });

  it('gives positions in order', () => {
    const text = 'Use MFA, then TLS, then AES.';
    const matches = findJargon(text);
    expect(matches.map((m) => [m.term, m.index, m.length])).toEqual([
      ['MFA', 4, 3],
      ['TLS', 14, 3],
      ['AES', 24, 3],
    ]);
  });

  it('handles the phrases that also have everyday meanings', () => {
    expect(findJargon('an access token').map((m) => m.id)).toEqual(['token']);
    expect(findJargon('reset tokens expire').map((m) => m.id)).toEqual(['token']);
    expect(findJargon('card numbers are tokenised').map((m) => m.id)).toEqual(['token']);
    expect(findJargon('a book token')).toEqual([]);
    expect(findJargon('data in transit').map((m) => m.id)).toEqual(['in-transit']);
    expect(findJargon('my order is in transit')).toEqual([]);
    expect(findJargon('data at rest').map((m) => m.id)).toEqual(['at-rest']);
    expect(findJargon('password salts').map((m) => m.id)).toEqual(['salt']);
    expect(findJargon('salt and vinegar crisps')).toEqual([]);
    expect(findJargon('hashed passwords').map((m) => m.id)).toEqual(['hash']);
    expect(findJargon('we hashed it out')).toEqual([]);
    expect(findJargon('my crypto wallet')).toEqual([]);
    expect(findJargon('cryptographic keys').map((m) => m.id)).toEqual(['cryptography']);
  });

  it('copes with empty and long text', () => {
    expect(findJargon('')).toEqual([]);
    const long = `${'nobody else can see my cards. '.repeat(30)}AES`;
    expect(findJargon(long).map((m) => m.term)).toEqual(['AES']);
  });
});

describe('outcomeHint', () => {
  it('is null for an outcome in the user’s words', () => {
    expect(outcomeHint('Nobody but me can see my saved cards.')).toBeNull();
    expect(outcomeHint('')).toBeNull();
  });

  it('nudges towards the result the user cares about', () => {
    expect(outcomeHint('Saved cards are encrypted')).toBe(
      '“encrypted” describes how we protect it; users care about the result. Try: “nobody else can read my messages”. Move the technical part into a mitigation.',
    );
    expect(outcomeHint('Cards stored with AES-256 at rest')).toBe(
      '“AES-256” (and 1 more technical term) describes how we protect it; users care about the result. Try: “nobody else can read what I have saved”. Move the technical part into a mitigation.',
    );
  });

  it('sends attacks to the threat and controls to a mitigation', () => {
    expect(outcomeHint('No XSS in comments')).toMatch(/^“XSS” names an attack; .* Move the technical part into the threat\.$/);
    expect(outcomeHint('Login requires MFA and rate limiting and a WAF')).toMatch(
      /^“MFA” \(and 2 more technical terms\) names a safeguard; .*Try: “a second step when I sign in, so my password alone is not enough”\. Move the technical part into a mitigation\.$/,
    );
    expect(outcomeHint('Traffic uses TLS')).toContain('names a technology');
  });
});
