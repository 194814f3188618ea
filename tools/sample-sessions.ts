/**
 * Deterministic sample sessions for screenshots and benchmarks: a journey of N steps with a
 * realistic mix of kinds, branches and data tags, laid out with the app's own layout.
 */
import { createSessionDocument } from '../shared/session-factory.ts';
import { layoutJourney } from '../shared/layout.ts';
import { stepKinds, type Flow, type SessionDocument, type Step, type StepKind } from '../shared/schema.ts';
import { STANDARD_DATA_TAGS } from '../shared/step-kinds.ts';

/** Small seeded PRNG (mulberry32) so every run builds the same session. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LABELS: Record<StepKind, string[]> = {
  start: ['Opens the app'],
  action: ['Enters details', 'Uploads a file', 'Confirms the order', 'Chooses a plan', 'Invites a colleague', 'Edits the profile'],
  decision: ['Is the input valid?', 'Is the user verified?', 'Payment approved?', 'Within the limit?'],
  system: ['Checks the session', 'Calculates the total', 'Creates the record', 'Sends a notification'],
  datastore: ['Accounts database', 'Order history', 'File storage', 'Audit log'],
  thirdparty: ['Payment processor', 'Email provider', 'Identity provider', 'SMS gateway'],
  end: ['Done'],
};

export function sampleSession(stepCount: number, seed = 42, title = `Sample journey of ${stepCount} steps`): SessionDocument {
  const random = seededRandom(seed);
  const doc = createSessionDocument(title, new Date('2026-11-01T09:00:00.000Z'));
  const journeyId = doc.journeys[0]!.id;
  const middleKinds = stepKinds.filter((kind) => kind !== 'start' && kind !== 'end');
  const steps: Step[] = [];
  for (let i = 0; i < stepCount; i++) {
    const kind: StepKind = i === 0 ? 'start' : i === stepCount - 1 ? 'end' : middleKinds[Math.floor(random() * middleKinds.length)]!;
    const names = LABELS[kind];
    const tags = random() < 0.4 ? [STANDARD_DATA_TAGS[Math.floor(random() * STANDARD_DATA_TAGS.length)]!] : [];
    steps.push({
      id: `s${i}`,
      journeyId,
      kind,
      label: `${names[Math.floor(random() * names.length)]!} ${i}`,
      description: '',
      actor: '',
      dataTags: tags,
      position: { x: 0, y: 0 },
    });
  }
  const flows: Flow[] = [];
  for (let i = 1; i < stepCount; i++) {
    flows.push({ id: `f${i}`, journeyId, source: `s${i - 1}`, target: `s${i}`, label: random() < 0.3 ? 'data' : '', crossesTrustBoundary: steps[i]!.kind === 'thirdparty' });
    if (steps[i - 1]!.kind === 'decision' && i + 1 < stepCount) {
      flows.push({ id: `b${i}`, journeyId, source: `s${i - 1}`, target: `s${i + 1}`, label: 'no', crossesTrustBoundary: false });
    }
  }
  const positions = layoutJourney(steps, flows);
  return {
    ...doc,
    journeys: [{ ...doc.journeys[0]!, name: `Journey of ${stepCount} steps`, critical: true }],
    steps: steps.map((step) => ({ ...step, position: positions.get(step.id) ?? step.position })),
    flows,
  };
}

export interface WorkloadSize {
  steps: number;
  threats: number;
  outcomes: number;
  mitigations: number;
}

const STRIDE_KEYS = ['spoofing', 'tampering', 'repudiation', 'information-disclosure', 'denial-of-service', 'elevation-of-privilege'] as const;
const THREAT_TITLES = [
  'Someone replays the request',
  'A stolen session is reused',
  'The amount is changed in transit',
  'Nobody can show who approved it',
  'Personal data shows up in the logs',
  'A flood of requests blocks the step',
  'A normal user reaches the admin action',
  'The file upload carries a script',
];
const MITIGATION_TITLES = ['Sign the request', 'Rotate the session on login', 'Rate-limit the endpoint', 'Write an audit record', 'Mask personal data in logs', 'Check the role on the server'];
const EFFORTS = ['S', 'M', 'L', 'XL'] as const;
const ACTIVE_MITIGATION_STATUSES = ['proposed', 'planned', 'in-progress'] as const;

/**
 * A large, deterministic workload for the benchmark: `sampleSession(size.steps)` plus threats
 * anchored to its steps and flows (about one in four on a flow), security outcomes on the steps
 * that have threats, and mitigations covering one to three threats each. Session and journey ids
 * are fixed (`bench-<steps>`, `bench-journey`) so every run stores the same document.
 */
export function workloadSession(size: WorkloadSize, seed = 7): SessionDocument {
  const base = sampleSession(size.steps, seed, `Benchmark: ${size.steps} steps, ${size.threats} threats`);
  const journeyId = 'bench-journey';
  const random = seededRandom(seed * 7919 + 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const score = () => 1 + Math.floor(random() * 5);
  const steps = base.steps.map((step) => ({ ...step, journeyId }));
  const flows = base.flows.map((flow) => ({ ...flow, journeyId }));

  const threats: SessionDocument['threats'] = [];
  const threatsByStep = new Map<string, string[]>();
  for (let i = 0; i < size.threats; i++) {
    const onFlow = flows.length > 0 && random() < 0.25;
    const anchor = onFlow ? { type: 'flow' as const, id: pick(flows).id } : { type: 'step' as const, id: pick(steps).id };
    const stepId = anchor.type === 'step' ? anchor.id : flows.find((flow) => flow.id === anchor.id)!.target;
    const roll = random();
    const status = roll < 0.6 ? 'open' : roll < 0.75 ? 'mitigating' : roll < 0.85 ? 'mitigated' : roll < 0.93 ? 'accepted' : 'not-applicable';
    const id = `t${i}`;
    threats.push({
      id,
      anchor,
      title: `${pick(THREAT_TITLES)} (${i})`,
      category: { framework: 'STRIDE', key: pick(STRIDE_KEYS) },
      statement: {
        source: 'An external attacker',
        prerequisites: 'with a valid account',
        action: 'can replay a captured request',
        impact: 'to place orders in someone else’s name',
        impactedGoals: ['integrity'],
        impactedAssets: ['orders'],
      },
      likelihood: score(),
      impact: score(),
      status,
      ...(status === 'accepted' ? { acceptance: { owner: 'Product owner', reason: 'Low exposure; revisit next quarter.', reviewDate: '2027-03-01' } } : {}),
      votes: Math.floor(random() * 4),
      notes: random() < 0.3 ? 'Raised by the payments team during the workshop.' : '',
    });
    const list = threatsByStep.get(stepId);
    if (list) list.push(id);
    else threatsByStep.set(stepId, [id]);
  }

  const threatSteps = [...threatsByStep.keys()];
  const outcomes: SessionDocument['outcomes'] = [];
  for (let i = 0; i < size.outcomes && threatSteps.length > 0; i++) {
    const stepId = threatSteps[i % threatSteps.length]!;
    const onStep = threatsByStep.get(stepId)!;
    outcomes.push({
      id: `o${i}`,
      stepId,
      statement: `Only the account holder can complete step ${stepId}`,
      threatIds: onStep.slice(0, 1 + Math.floor(random() * Math.min(3, onStep.length))),
      acceptanceCriteria: ['A replayed request is rejected', 'The attempt is logged with the account id'],
      status: pick(['draft', 'agreed', 'met'] as const),
    });
  }

  const mitigations: SessionDocument['mitigations'] = [];
  for (let i = 0; i < size.mitigations && threats.length > 0; i++) {
    const first = Math.floor(random() * threats.length);
    const count = 1 + Math.floor(random() * 3);
    const threatIds = [...new Set(Array.from({ length: count }, (_, k) => threats[(first + k * 17) % threats.length]!.id))];
    const roll = random();
    mitigations.push({
      id: `m${i}`,
      title: `${pick(MITIGATION_TITLES)} (${i})`,
      description: 'Agreed with the team; see the acceptance criteria of the linked outcomes.',
      threatIds,
      effort: pick(EFFORTS),
      status: roll < 0.85 ? pick(ACTIVE_MITIGATION_STATUSES) : roll < 0.95 ? 'done' : 'wont-do',
      owner: random() < 0.5 ? 'Platform team' : '',
    });
  }

  return {
    ...base,
    session: { ...base.session, id: `bench-${size.steps}` },
    journeys: base.journeys.map((journey) => ({ ...journey, id: journeyId })),
    steps,
    flows,
    threats,
    outcomes,
    mitigations,
  };
}
