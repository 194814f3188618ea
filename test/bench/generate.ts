/**
 * The benchmark's workloads, all deterministic (seeded): the sessions opened in the browser,
 * the floor's plain graph of the same size, the document behind the 5,000-item export and the
 * 5 MB import file. Every session is validated with `loadSessionDocument` before use.
 */
import { deriveBacklog } from '../../shared/backlog.ts';
import { loadSessionDocument } from '../../shared/migrations.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import { openingViewport } from '../../renderer/canvas/fit-view.ts';
import { workloadSession, type WorkloadSize } from '../../tools/sample-sessions.ts';
import type { FloorGraph } from './floor/main.tsx';

export interface Workload {
  name: 'M' | 'L';
  size: WorkloadSize;
}

/**
 * M is DESIGN.md's "300 steps / 1,500 threats" session with the 600 outcomes and 800
 * mitigations. L has 1,000 steps and 5,000 threats; its outcomes and mitigations keep M's
 * proportions (0.4 and ~0.53 per threat).
 */
export const WORKLOADS: readonly Workload[] = [
  { name: 'M', size: { steps: 300, threats: 1_500, outcomes: 600, mitigations: 800 } },
  { name: 'L', size: { steps: 1_000, threats: 5_000, outcomes: 2_000, mitigations: 2_700 } },
];

/** Returns the document as the app would load it, or throws with the validation messages. */
export function validated(doc: SessionDocument, what: string): SessionDocument {
  const result = loadSessionDocument(JSON.parse(JSON.stringify(doc)) as unknown);
  if (!result.ok) throw new Error(`${what} is not a valid session: ${result.error} ${result.details.join('; ')}`);
  return result.document;
}

export function buildWorkload(workload: Workload): SessionDocument {
  return validated(workloadSession(workload.size), `Workload ${workload.name}`);
}

/**
 * The floor's graph: one plain node per step at the step's position, one plain edge per flow,
 * and the initial viewport the app computes for the journey (for the floor's full-window pane).
 */
export function floorGraph(doc: SessionDocument, width: number, height: number): FloorGraph {
  return {
    nodes: doc.steps.map((step) => ({ id: step.id, x: step.position.x, y: step.position.y, label: step.label })),
    edges: doc.flows.map((flow) => ({ id: flow.id, source: flow.source, target: flow.target })),
    viewport: openingViewport(doc.steps, width, height),
  };
}

/**
 * A session whose backlog has exactly `items` ranked items: the L workload, then extra
 * "proposed" mitigations on already covered threats (each adds one item and removes no
 * "Decide" item) or, if there are too many, active mitigations marked done (a done mitigation
 * still covers its threats, so each removes exactly one item).
 */
export function exportWorkload(items = 5_000): SessionDocument {
  const base = buildWorkload(WORKLOADS[1]!);
  let doc = base;
  const count = deriveBacklog(doc).items.length;
  if (count < items) {
    const covered = base.mitigations.filter((m) => m.status !== 'wont-do' && m.threatIds.length > 0);
    const extra = Array.from({ length: items - count }, (_, i) => {
      const source = covered[i % covered.length]!;
      return {
        id: `mx${i}`,
        title: `Follow-up for ${source.title}`,
        description: 'Second line of defence agreed in the review.',
        threatIds: [source.threatIds[0]!],
        effort: (['S', 'M', 'L', 'XL'] as const)[i % 4]!,
        status: 'proposed' as const,
        owner: '',
      };
    });
    doc = { ...doc, mitigations: [...doc.mitigations, ...extra] };
  } else if (count > items) {
    let surplus = count - items;
    doc = {
      ...doc,
      mitigations: doc.mitigations.map((m) => {
        if (surplus > 0 && m.status !== 'done' && m.status !== 'wont-do') {
          surplus--;
          return { ...m, status: 'done' as const };
        }
        return m;
      }),
    };
  }
  doc = validated(doc, 'The export workload');
  const got = deriveBacklog(doc).items.length;
  if (got !== items) throw new Error(`The export workload has ${got} backlog items, not ${items}.`);
  return doc;
}

const FILLER =
  'Discussed at length: the team walked through the attack, who could do it, what it would cost the ' +
  'customer and what we already have in place. Follow up with the platform team before the next release. ';

/**
 * A session file of at least `bytes` bytes (UTF-8 JSON, pretty-printed as the app saves files):
 * the L workload with longer threat notes. Returns the file text, validated.
 */
export function importFile(bytes = 5 * 1024 * 1024): string {
  const base = buildWorkload(WORKLOADS[1]!);
  const plain = Buffer.byteLength(JSON.stringify(base, null, 2));
  const perThreat = Math.max(0, Math.ceil((bytes - plain) / base.threats.length) + 16);
  const notes = FILLER.repeat(Math.ceil(perThreat / FILLER.length)).slice(0, perThreat).trim();
  const doc = validated({ ...base, threats: base.threats.map((t) => ({ ...t, notes })) }, 'The import file');
  const text = JSON.stringify(doc, null, 2);
  if (Buffer.byteLength(text) < bytes) throw new Error(`The import file is only ${Buffer.byteLength(text)} bytes.`);
  return text;
}
