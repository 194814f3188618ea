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
