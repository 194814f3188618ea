/**
 * Spotting security jargon in a security outcome. Outcomes say what the user must be able to
 * trust, in the user's words ("nobody but me can see my saved cards"); the technology that
 * delivers it ("AES-256 at rest") belongs in a mitigation. The outcome editor uses this to nudge,
 * never to block: it is a hint, and an ordinary sentence must not trip it.
 *
 * Matching is case-insensitive and whole-word: a term only matches where it is not part of a
 * longer word, so "tls" never matches inside "settlements" and "hash" never matches "hashtag".
 * A few terms have everyday meanings too, and only count in a technical setting:
 * - "token": not in "gift token", "book token" or "a token of thanks";
 * - "hash": not in "hash browns" or "hashed out a plan";
 * - "salt": only as "salted hash/password", "password salt" or "a random/unique salt";
 * - "at rest" / "in transit": only after words like "data", "encrypted", "protected", "safe",
 *   or each other ("at rest and in transit"), so "my parcel is in transit" is fine;
 * - "crypto" alone is not flagged (it is also money); "cryptography" is.
 * Deliberately not flagged: "password", "code", "sign in", "VPN", "CAPTCHA", "ACL" (also a knee
 * ligament), "KMS" alone (kilometres), "authorise" (people authorise payments), "injection" alone
 * (also medicine).
 */

/** What kind of term it is decides the hint's wording and where the technical part should go. */
export type JargonKind = 'protection' | 'technology' | 'attack' | 'control';

export interface JargonTerm {
  /** Stable id. */
  id: string;
  /** How the term is usually written, for lists and docs. */
  label: string;
  kind: JargonKind;
  /** Regular expression source (matched case-insensitively, whole words only). */
  pattern: string;
  /** A phrasing in the user's words that says what the term is for. */
  suggestion: string;
}

export interface JargonMatch {
  /** The text as written, e.g. "AES-256". */
  term: string;
  index: number;
  length: number;
  suggestion: string;
  /** The id and kind of the list entry that matched. */
  id: string;
  kind: JargonKind;
}

const KEY_LENGTHS = '(?:40|56|64|80|112|128|160|192|224|256|384|512|1024|2048|3072|4096|8192)';
/** Words after which "at rest" / "in transit" are the data-protection phrases ("AES-256 at rest"). */
const PROTECTED_WORDS = '(?:data|information|encrypted|protected|secured?|safe|stored|traffic|(?:aes|tls|ssl)(?:[- ]?v?[\\d.]+)?(?:-(?:gcm|cbc))?)';

export const JARGON_TERMS: readonly JargonTerm[] = [
  // How data is protected: ciphers, hashes, keys.
  { id: 'aes', label: 'AES', kind: 'protection', pattern: 'aes(?:[- ]?(?:128|192|256))?(?:[- ]?(?:gcm|cbc|ctr))?', suggestion: 'nobody else can read what I have saved' },
  { id: 'rsa', label: 'RSA', kind: 'protection', pattern: 'rsa(?:-?\\d{3,4})?', suggestion: 'nobody can read or fake what I send' },
  { id: 'sha', label: 'SHA-*', kind: 'protection', pattern: 'sha-?(?:1|2|3|224|256|384|512)(?:-(?:224|256|384|512))?', suggestion: 'nobody can change my records without it showing' },
  { id: 'md5', label: 'MD5', kind: 'protection', pattern: 'md5', suggestion: 'nobody can change my records without it showing' },
  { id: 'hmac', label: 'HMAC', kind: 'protection', pattern: 'hmac(?:-sha-?\\d+)?', suggestion: 'nobody can change what I send without it showing' },
  { id: 'ecdsa', label: 'ECDSA / ECDH', kind: 'protection', pattern: 'ecdsa|ecdhe?|elliptic[- ]curves?', suggestion: 'nobody can read or fake what I send' },
  { id: 'password-hashing', label: 'bcrypt / scrypt / Argon2 / PBKDF2', kind: 'protection', pattern: 'bcrypt|scrypt|argon2(?:id|i|d)?|pbkdf2', suggestion: 'even your own staff cannot see my password' },
  { id: 'hash', label: 'hash', kind: 'protection', pattern: 'hash(?:es|ed|ing)?(?!\\s+browns?\\b)(?!\\s+(?:it|this|that|things|them)?\\s*out\\b)', suggestion: 'even your own staff cannot see my password' },
  { id: 'salt', label: 'salt', kind: 'protection', pattern: 'salt(?:ed|ing)?(?=\\s+(?:hash|password))|(?<=(?:password|hash|random|unique|per-user)\\s+)salts?', suggestion: 'even your own staff cannot see my password' },
  { id: 'encrypt', label: 'encrypt*', kind: 'protection', pattern: '(?:en|de|un|re)crypt\\w*|e2ee', suggestion: 'nobody else can read my messages' },
  { id: 'cipher', label: 'cipher', kind: 'protection', pattern: 'cipher(?:s|text|texts)?|plaintext|cleartext', suggestion: 'nobody else can read my details' },
  { id: 'cryptography', label: 'cryptography', kind: 'protection', pattern: 'cryptograph\\w*', suggestion: 'nobody else can read or change my details' },
  { id: 'key-length', label: '2048-bit / 256-bit', kind: 'protection', pattern: `${KEY_LENGTHS}[- ]?bits?(?:\\s+(?:keys?|encryption))?`, suggestion: 'nobody else can read my details' },
  { id: 'at-rest', label: 'at rest', kind: 'protection', pattern: `(?<=(?:${PROTECTED_WORDS}|in transit (?:and|or))\\s+)at rest`, suggestion: 'nobody can read my details even if your computers are stolen' },
  { id: 'in-transit', label: 'in transit', kind: 'protection', pattern: `(?<=(?:${PROTECTED_WORDS}|at rest (?:and|or))\\s+)in transit`, suggestion: 'nobody on the same Wi-Fi can see what I send' },
  { id: 'checksum', label: 'checksum', kind: 'protection', pattern: 'checksums?', suggestion: 'the file I get is exactly the file that was sent' },
  { id: 'digital-signature', label: 'digital signature', kind: 'protection', pattern: 'digital(?:ly)?[- ]sign(?:atures?|ed)', suggestion: 'nobody can fake a message from you' },
  {
    id: 'token',
    label: 'token',
    kind: 'protection',
    pattern: '(?<!(?:gift|book|game|arcade|bus|love|record|toy)\\s)token(?:s|i[sz]ed|i[sz]ation|i[sz]ing)?(?!\\s+of\\b)',
    suggestion: 'nobody can reuse my sign-in or my card details',
  },
  { id: 'hsm', label: 'HSM', kind: 'protection', pattern: 'hsms?|hardware security modules?', suggestion: 'nobody, not even your staff, can copy the keys to my data' },
  { id: 'kms', label: 'KMS', kind: 'protection', pattern: '(?:aws|cloud|azure|gcp)[- ]kms|kms keys?|key management (?:service|system)s?', suggestion: 'nobody, not even your staff, can copy the keys to my data' },
  { id: 'pki', label: 'PKI', kind: 'protection', pattern: 'pki|public[- ]key infrastructure', suggestion: 'I can tell I am really talking to you' },

  // Protocols and standards.
  { id: 'tls', label: 'TLS', kind: 'technology', pattern: 'tls(?:\\s?v?1\\.[0-3])?', suggestion: 'nobody on the same Wi-Fi can see what I send' },
  { id: 'mtls', label: 'mTLS', kind: 'technology', pattern: 'mtls|mutual tls', suggestion: 'my details only go to the companies you told me about' },
  { id: 'ssl', label: 'SSL', kind: 'technology', pattern: 'ssl(?:\\s?v?[23])?', suggestion: 'nobody on the same Wi-Fi can see what I send' },
  { id: 'https', label: 'HTTPS', kind: 'technology', pattern: 'https', suggestion: 'nobody on the same Wi-Fi can see what I send' },
  { id: 'hsts', label: 'HSTS', kind: 'technology', pattern: 'hsts', suggestion: 'I always reach the real site, never a fake copy' },
  { id: 'jwt', label: 'JWT', kind: 'technology', pattern: 'jwts?', suggestion: 'nobody can pretend to be me after I sign in' },
  { id: 'oauth', label: 'OAuth', kind: 'technology', pattern: 'oauth\\s?2?(?:\\.\\d)?', suggestion: 'I choose what other apps can do with my account' },
  { id: 'oidc', label: 'OIDC / OpenID Connect', kind: 'technology', pattern: 'oidc|openid(?: connect)?', suggestion: 'I can sign in with my work account' },
  { id: 'saml', label: 'SAML', kind: 'technology', pattern: 'saml(?:\\s?2(?:\\.0)?)?', suggestion: 'I can sign in with my work account' },
  { id: 'sso', label: 'SSO', kind: 'technology', pattern: 'sso', suggestion: 'I can sign in with my work account' },
  { id: 'pci', label: 'PCI DSS', kind: 'technology', pattern: 'pci(?:[- ]dss)?', suggestion: 'my card details are handled as carefully as my bank would' },
  { id: 'pii', label: 'PII', kind: 'technology', pattern: 'pii|personally identifiable information', suggestion: 'my personal details' },
  { id: 'cve', label: 'CVE', kind: 'technology', pattern: 'cves?(?:-\\d{4}-\\d+)?', suggestion: 'known weaknesses in your systems are fixed before anyone uses them against me' },

  // Attacks: name them in a threat, not in the outcome.
  { id: 'csrf', label: 'CSRF', kind: 'attack', pattern: 'csrf|xsrf|cross[- ]site request forgery', suggestion: 'nothing happens on my account unless I chose to do it' },
  { id: 'xss', label: 'XSS', kind: 'attack', pattern: 'xss|cross[- ]site scripting', suggestion: 'pages I visit here cannot be made to steal my details' },
  { id: 'sql-injection', label: 'SQL injection', kind: 'attack', pattern: 'sql[- ]?injections?|sqli', suggestion: 'whatever anyone types into a form cannot reach my data' },
  { id: 'ddos', label: 'DDoS', kind: 'attack', pattern: 'ddos|denial[- ]of[- ]service', suggestion: 'the service is there when I need it' },

  // Controls: name them in a mitigation.
  { id: 'waf', label: 'WAF', kind: 'control', pattern: 'wafs?|web application firewalls?', suggestion: 'the service keeps working and my data stays safe when someone attacks it' },
  { id: 'firewall', label: 'firewall', kind: 'control', pattern: 'firewalls?', suggestion: 'only the right people and systems can reach my data' },
  { id: 'rbac', label: 'RBAC', kind: 'control', pattern: 'rbac|abac|(?:role|attribute)[- ]based access(?: control)?', suggestion: 'only the right people at your company can see my details' },
  { id: 'least-privilege', label: 'least privilege', kind: 'control', pattern: 'least[- ]privileges?', suggestion: 'staff can only see what they need to help me' },
  { id: 'zero-trust', label: 'zero trust', kind: 'control', pattern: 'zero[- ]trust', suggestion: 'only the right people and systems can reach my data' },
  { id: 'mfa', label: 'MFA / 2FA', kind: 'control', pattern: 'mfa|2fa|(?:two|multi)[- ]factor(?: authentication)?', suggestion: 'a second step when I sign in, so my password alone is not enough' },
  { id: 'otp', label: 'OTP', kind: 'control', pattern: '[th]?otps?', suggestion: 'a one-time code' },
  { id: 'authentication', label: 'authentication', kind: 'control', pattern: 'authenticat\\w*', suggestion: 'only I can sign in to my account' },
  { id: 'rate-limit', label: 'rate limiting', kind: 'control', pattern: 'rate[- ]?limit\\w*', suggestion: 'nobody can keep guessing until they get in' },
  { id: 'siem', label: 'SIEM', kind: 'control', pattern: 'siem', suggestion: 'you notice quickly when someone tries to break in' },
  { id: 'dlp', label: 'DLP', kind: 'control', pattern: 'dlp|data loss prevention', suggestion: 'nobody can take my details out of your company' },
  { id: 'edr', label: 'EDR', kind: 'control', pattern: 'edr', suggestion: 'my files are safe even if your company is attacked' },
];

interface CompiledTerm {
  term: JargonTerm;
  regex: RegExp;
}

// Whole words: no letter or digit on either side. Built once; `u` for Unicode-aware letters.
const compiled: readonly CompiledTerm[] = JARGON_TERMS.map((term) => ({
  term,
  regex: new RegExp(`(?<![\\p{L}\\p{N}_])(?:${term.pattern})(?![\\p{L}\\p{N}_])`, 'giu'),
}));

/**
 * Every jargon term in `text`, in order. Where two terms overlap ("SHA-256" and "256-bit" in
 * "SHA-256-bit"), the one starting first wins, then the longer one.
 */
export function findJargon(text: string): JargonMatch[] {
  if (!text) return [];
  const found: JargonMatch[] = [];
  for (const { term, regex } of compiled) {
    regex.lastIndex = 0;
    for (const match of text.matchAll(regex)) {
      if (match[0].length === 0) continue;
      found.push({ term: match[0], index: match.index, length: match[0].length, suggestion: term.suggestion, id: term.id, kind: term.kind });
    }
  }
  found.sort((a, b) => a.index - b.index || b.length - a.length);
  const kept: JargonMatch[] = [];
  let end = 0;
  for (const match of found) {
    if (match.index < end) continue;
    kept.push(match);
    end = match.index + match.length;
  }
  return kept;
}

const HINT_LEAD: Record<JargonKind, { says: string; moveTo: string }> = {
  protection: { says: 'describes how we protect it', moveTo: 'a mitigation' },
  technology: { says: 'names a technology', moveTo: 'a mitigation' },
  attack: { says: 'names an attack', moveTo: 'the threat' },
  control: { says: 'names a safeguard', moveTo: 'a mitigation' },
};

/**
 * A short, friendly nudge for an outcome that contains jargon, or null when it reads as the
 * user's own words. Mentions the first term and how many more there are.
 */
export function outcomeHint(text: string): string | null {
  const matches = findJargon(text);
  const first = matches[0];
  if (!first) return null;
  const lead = HINT_LEAD[first.kind];
  const more = matches.length - 1;
  const others = more === 0 ? '' : ` (and ${more} more technical ${more === 1 ? 'term' : 'terms'})`;
  return `“${first.term}”${others} ${lead.says}; users care about the result. Try: “${first.suggestion}”. Move the technical part into ${lead.moveTo}.`;
}
