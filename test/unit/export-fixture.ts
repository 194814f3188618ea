/**
 * Hand-built session documents for the backlog, export and CLI tests. The expected ranks are
 * worked out by hand in backlog.test.ts; keep the two in step.
 */
import { parse } from 'csv-parse/sync';
import { CURRENT_SCHEMA_VERSION, EMPTY_WORKSHOP, type Mitigation, type SessionDocument, type Step, type Threat } from '../../shared/schema.ts';

const AT = '2026-05-01T10:00:00.000Z';

function step(id: string, journeyId: string, kind: Step['kind'], label: string, x: number): Step {
  return { id, journeyId, kind, label, description: '', actor: '', dataTags: [], position: { x, y: 0 } };
}

function threat(id: string, partial: Partial<Threat> & Pick<Threat, 'title' | 'likelihood' | 'impact'>): Threat {
  return {
    id,
    anchor: null,
    category: { framework: 'STRIDE', key: 'tampering' },
    statement: { source: '', prerequisites: '', action: '', impact: '', impactedGoals: [], impactedAssets: [] },
    status: 'open',
    votes: 0,
    notes: '',
    ...partial,
  };
}

function mitigation(id: string, partial: Partial<Mitigation> & Pick<Mitigation, 'title' | 'threatIds'>): Mitigation {
  return { id, description: '', effort: 'M', status: 'proposed', owner: '', ...partial };
}

/**
 * Checkout (critical) and Profile journeys. Ranked order by hand (backlog.ts: priority from
 * urgency = risk × 1.5 on a critical journey × (1 + 0.1 per vote, 10 at most); within a
 * priority, urgency ÷ effort; then urgency, risk, key):
 *  1. mitigation:m1  20 (t1) ×1.5 ×1.3 (3 votes) = 39   P1; ÷2 (M) = 19.5
 *  2. mitigation:m2  12 (t2) ×1.5             = 18   P2; ÷1 (S) = 18
 *  3. decide:t5      16                       = 16   P2; ÷1     = 16
 *  4. decide:t10     10 ×1.5                  = 15   P2; ÷1     = 15
 *  5. mitigation:m3  9 ×2 (12 votes, 10 count) = 18   P2; ÷3 (L) = 6
 *  6. decide:t9      9 (no journey)           = 9    P3; ÷1     = 9
 *  7. mitigation:m9  8                        = 8    P3; ÷2     = 4
 *  8. mitigation:m7  4                        = 4    P4; ÷1     = 4 (tie with m8: key order)
 *  9. mitigation:m8  4                        = 4    P4; ÷1     = 4
 * 10. mitigation:m4  0 (only a mitigated threat) = 0  P4
 * Closed: m5 (won't do), m6 (done), m10 (done). Accepted: t7 (overdue on 2026-06-15), t8.
 */
export function checkoutSession(): SessionDocument {
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    session: {
      id: 'sess1',
      title: 'Checkout review',
      product: 'Shop',
      description: 'Workshop on the checkout.',
      createdAt: AT,
      updatedAt: AT,
      settings: { theme: 'system', backlogThreshold: 5 },
    },
    participants: [{ id: 'p1', name: 'Ana', role: 'facilitator' }],
    journeys: [
      { id: 'j1', name: 'Checkout', persona: 'Shopper', goal: 'Pay for the cart', critical: true, stages: [] },
      { id: 'j2', name: 'Profile', persona: 'Shopper', goal: 'Keep details current', critical: false, stages: [] },
    ],
    steps: [
      step('s3', 'j1', 'thirdparty', 'Payment processor', 500),
      step('s1', 'j1', 'start', 'Open cart', 0),
      step('s2', 'j1', 'action', 'Enter card', 250),
      step('s4', 'j2', 'action', 'Edit profile', 0),
      step('s5', 'j2', 'datastore', 'Accounts DB', 250),
    ],
    flows: [
      { id: 'f1', journeyId: 'j1', source: 's1', target: 's2', label: '', crossesTrustBoundary: false },
      { id: 'f2', journeyId: 'j1', source: 's2', target: 's3', label: 'card details', crossesTrustBoundary: true },
      { id: 'f3', journeyId: 'j2', source: 's4', target: 's5', label: '', crossesTrustBoundary: false },
    ],
    threats: [
      threat('t1', {
        title: 'Card skimming',
        anchor: { type: 'flow', id: 'f2' },
        category: { framework: 'STRIDE', key: 'information-disclosure' },
        statement: {
          source: 'A malicious script',
          prerequisites: 'injected into the checkout page',
          action: 'read the card number',
          impact: 'card fraud',
          impactedGoals: ['confidentiality'],
          impactedAssets: ['card data'],
        },
        likelihood: 4,
        impact: 5,
        votes: 3,
        authorId: 'p1',
      }),
      threat('t2', { title: 'Session hijack', anchor: { type: 'step', id: 's2' }, category: { framework: 'STRIDE', key: 'spoofing' }, likelihood: 3, impact: 4 }),
      threat('t3', { title: 'Profile tampering', anchor: { type: 'step', id: 's4' }, likelihood: 3, impact: 3, votes: 12 }),
      threat('t4', { title: 'Weak password', anchor: { type: 'step', id: 's4' }, likelihood: 2, impact: 2 }),
      threat('t5', { title: 'Data linkability', anchor: { type: 'step', id: 's5' }, category: { framework: 'LINDDUN', key: 'linking' }, likelihood: 4, impact: 4 }),
      threat('t6', { title: 'Old bug', anchor: { type: 'step', id: 's2' }, likelihood: 5, impact: 5, status: 'mitigated', votes: 5 }),
      threat('t7', {
        title: 'Export reveals emails',
        anchor: { type: 'step', id: 's5' },
        likelihood: 2,
        impact: 3,
        status: 'accepted',
        acceptance: { owner: 'Ana', reason: 'Internal tool only', reviewDate: '2026-01-01' },
      }),
      threat('t8', {
        title: 'Vendor outage',
        likelihood: 3,
        impact: 2,
        status: 'accepted',
        acceptance: { owner: 'Bo', reason: 'SLA covers it', reviewDate: '2026-12-31' },
      }),
      threat('t9', { title: 'Unplaced threat', likelihood: 3, impact: 3 }),
      threat('t10', { title: 'Processor spoofing', anchor: { type: 'step', id: 's3' }, category: { framework: 'STRIDE', key: 'spoofing' }, likelihood: 2, impact: 5 }),
      threat('t11', { title: 'Profile enumeration', anchor: { type: 'step', id: 's5' }, likelihood: 2, impact: 4 }),
      threat('t12', { title: 'Fixed but open', anchor: { type: 'step', id: 's4' }, likelihood: 3, impact: 4 }),
    ],
    outcomes: [
      {
        id: 'o1',
        stepId: 's3',
        statement: 'Only the shop I pay can see my card',
        threatIds: ['t1', 't2'],
        acceptanceCriteria: ['Card number never stored by us', 'Checkout page loads no third-party script'],
        status: 'agreed',
      },
      {
        id: 'o2',
        stepId: 's2',
        statement: 'Nobody else can pay as me',
        threatIds: ['t2'],
        acceptanceCriteria: ['card number never stored by us ', 'Session ends after 15 minutes idle'],
        status: 'draft',
      },
    ],
    mitigations: [
      mitigation('m1', { title: 'Tokenize card entry', description: 'Use the processor’s hosted fields.', threatIds: ['t1', 't6'], status: 'planned', owner: 'Bo' }),
      mitigation('m2', { title: 'Bind session to device', threatIds: ['t2'], effort: 'S' }),
      mitigation('m3', { title: 'Sign profile changes', threatIds: ['t3'], effort: 'L', status: 'in-progress' }),
      mitigation('m4', { title: 'Patch old bug', threatIds: ['t6'], effort: 'XL' }),
      mitigation('m5', { title: 'Rejected idea', threatIds: ['t10'], status: 'wont-do' }),
      mitigation('m6', { title: 'Done thing', threatIds: ['t2'], status: 'done' }),
      mitigation('m7', { title: 'Tie A', threatIds: ['t4'], effort: 'S' }),
      mitigation('m8', { title: 'Tie B', threatIds: ['t4'], effort: 'S' }),
      mitigation('m9', { title: 'Rate-limit lookups', threatIds: ['t11'], effort: 'M' }),
      mitigation('m10', { title: 'Already fixed', threatIds: ['t12'], status: 'done' }),
    ],
    backlogPins: [],
    workshop: EMPTY_WORKSHOP,
  };
}

export const EXPECTED_ORDER = [
  'mitigation:m1',
  'mitigation:m2',
  'decide:t5',
  'decide:t10',
  'mitigation:m3',
  'decide:t9',
  'mitigation:m9',
  'mitigation:m7',
  'mitigation:m8',
  'mitigation:m4',
];

/** Text that tries every trick: formula triggers, HTML, shell, Markdown and wiki markup. */
export const HOSTILE_TITLES = [
  '=HYPERLINK("http://evil.example","click")',
  '+1+2',
  '-2+3',
  '@SUM(A1:A2)',
  '\tTabbed',
  '\rCarriage',
  '<script>alert(1)</script>',
  '$(rm -rf ~)',
  "it's a 'quote'",
  '`touch pwned` and $HOME and \\n',
];

/** A session whose mitigations carry the hostile titles (one threat each, on the Checkout journey). */
export function hostileSession(): SessionDocument {
  const doc = checkoutSession();
  doc.mitigations = HOSTILE_TITLES.map((title, i) =>
    mitigation(`h${i}`, { title, description: i === 0 ? '=1+1\nsecond line' : 'line one\n=2+2\n- dash line', threatIds: ['t1'] }),
  );
  doc.outcomes[0]!.acceptanceCriteria = ['-starts with a dash', '<b>bold</b> & "quoted"', '=cmd|\' /C calc\'!A0'];
  doc.journeys[0]!.name = '@Checkout <journey>';
  return doc;
}

/** Parses CSV the way an importer would (csv-parse, BOM stripped); every row as an array. */
export function parseCsv(content: string): string[][] {
  return parse(content, { bom: true, relax_column_count: false }) as string[][];
}

/** What a spreadsheet could run as a formula, written independently of csv-safety.ts. */
export const FORMULA_START = /^[\s\uFEFF\u200B-\u200D\u2060\u00A0]*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/u;

export function cellsStartingWithTrigger(rows: string[][]): string[] {
  return rows.flat().filter((cell) => FORMULA_START.test(cell));
}
