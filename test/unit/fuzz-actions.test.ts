/**
 * Property: no sequence of the app's own named actions can make a session unopenable.
 *
 * Random sequences of every named action of the store (journeys, steps, flows, clipboard,
 * threats and their scores, merging duplicates, outcomes, mitigations, people, agenda, timer, dot
 * votes, backlog pins and threshold, undo/redo),
 * with random text (emoji, lone surrogates, control characters, line breaks, text at and past
 * every limit) and random numbers (huge, negative, NaN, Infinity). After each action:
 *
 * - the document validates against the full schema (what a reload and "Open file" check);
 * - no action was refused by the store's safety net — the operations keep the rules themselves
 *   (a refusal means an operation produced a broken document and the net caught it);
 * - saving it as a file, opening that file and saving again gives the same bytes.
 *
 * Some runs start next to the limits (999 journeys, 199 votes, 999 participants) so the limits
 * themselves are exercised, as in the reports of 1,002 journeys and 201 votes made through the UI.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { useNotices } from '../../renderer/notices.ts';
import * as journeys from '../../renderer/store/journey-actions.ts';
import * as backlog from '../../renderer/store/backlog-actions.ts';
import { sessionStore } from '../../renderer/store/session-store.ts';
import * as threats from '../../renderer/store/threat-actions.ts';
import * as workshop from '../../renderer/workshop/workshop-actions.ts';
import { Projection } from '../../shared/live/projection.ts';
import { loadSessionDocument } from '../../shared/migrations.ts';
import { COLLECTION_LIMITS, sessionDocumentSchema, stepKinds, threatStatuses, type SessionDocument } from '../../shared/schema.ts';
import { createSessionDocument } from '../../shared/session-factory.ts';
import { serializeSessionDocument } from '../../shared/session-file.ts';
import { JOURNEY_TEMPLATES } from '../../shared/templates.ts';
import { blankThreat } from '../../shared/threat-ops.ts';
import { describeIssues } from '../../shared/validation.ts';
import { caseCounter, countCase, FUZZ_TIMEOUT_MS, LONE_SURROGATES, runs } from './fuzz-arbitraries.ts';

afterAll(() => {
  console.info(`action properties: ${[...caseCounter].map(([target, count]) => `${target} ${count}`).join(', ')}`);
});

/** Text as people (and pasted documents) produce it. */
const pieces = fc.constantFrom(
  'Ann',
  '🙂',
  '👩🏽‍💻',
  '🇩🇪',
  'é',
  'e\u0301',
  '\n',
  '\r\n',
  '\t',
  ' ',
  '\u0000',
  '\u001b[2J',
  '\u202e',
  '=cmd|',
  '<script>',
  ',',
  ', ',
  'confidentiality',
  ...LONE_SURROGATES,
);
const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.array(pieces, { maxLength: 8 }).map((parts) => parts.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  // Around every limit: 60 (list entries), 200 (names), 1,000 (short texts), 20,000 (long texts).
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(59, 60, 61, 80, 199, 200, 201, 999, 1_000, 1_001, 20_001), fc.constantFrom('a', '🙂', 'é', ' ', '\n'), fc.boolean())
      .map(([length, unit, emojiAtEnd]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length) + (emojiAtEnd ? '🙂' : '')),
  },
);
const number = fc.oneof(
  fc.integer({ min: -5, max: 30 }),
  fc.double({ noNaN: false }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1e308, 1e308, 2e6),
);

/** An action picks its targets from the current document with these indexes. */
type Pick = number;
const pick = fc.nat();
function choose<T>(list: readonly T[], index: Pick): T | undefined {
  return list.length === 0 ? undefined : list[index % list.length];
}

interface Action {
  name: string;
  run(doc: SessionDocument): void;
}

const doc = () => sessionStore.getState().document!;

const actions: fc.Arbitrary<Action>[] = [
  text.map((name) => ({ name: 'addBlankJourney', run: () => void journeys.addBlankJourney(name) })),
  fc.nat().map((i) => ({ name: 'addJourneyFromTemplate', run: () => void journeys.addJourneyFromTemplate(choose(JOURNEY_TEMPLATES, i)!) })),
  fc.tuple(pick, text, text, text, fc.boolean()).map(([i, name, persona, goal, critical]) => ({
    name: 'editJourney',
    run: (d) => {
      const journey = choose(d.journeys, i);
      if (journey) journeys.editJourney(journey.id, { name, persona, goal, critical });
    },
  })),
  fc.tuple(pick, fc.integer({ min: -3, max: 2_000 })).map(([i, to]) => ({
    name: 'reorderJourney',
    run: (d) => {
      const journey = choose(d.journeys, i);
      if (journey) journeys.reorderJourney(journey.id, to);
    },
  })),
  pick.map((i) => ({
    name: 'removeJourney',
    run: (d) => {
      const journey = choose(d.journeys, i);
      if (journey) journeys.removeJourney(journey.id);
    },
  })),
  fc.tuple(pick, fc.constantFrom(...stepKinds), number, number, fc.option(pick)).map(([i, kind, x, y, from]) => ({
    name: 'addStep',
    run: (d) => {
      const journey = choose(d.journeys, i);
      if (!journey) return;
      const source = from === null ? undefined : choose(d.steps, from)?.id;
      journeys.addStep(journey.id, kind, { x, y }, source);
    },
  })),
  fc.tuple(pick, fc.record({ label: text, description: text, actor: text, dataTags: fc.array(text, { maxLength: 40 }) }, { requiredKeys: [] })).map(([i, patch]) => ({
    name: 'editStep',
    run: (d) => {
      const step = choose(d.steps, i);
      if (step) journeys.editStep(step.id, patch, `step-${step.id}`);
    },
  })),
  fc.tuple(fc.array(pick, { maxLength: 4 }), number, number).map(([indexes, x, y]) => ({
    name: 'moveStepsTo',
    run: (d) => {
      const positions = new Map<string, { x: number; y: number }>();
      for (const i of indexes) {
        const step = choose(d.steps, i);
        if (step) positions.set(step.id, { x, y });
      }
      journeys.moveStepsTo(positions);
    },
  })),
  fc.tuple(pick, pick).map(([a, b]) => ({
    name: 'connectSteps',
    run: (d) => {
      const source = choose(d.steps, a);
      const target = choose(d.steps, b);
      if (source && target) journeys.connectSteps(source.id, target.id);
    },
  })),
  fc.tuple(pick, text, fc.boolean()).map(([i, label, crossesTrustBoundary]) => ({
    name: 'editFlow',
    run: (d) => {
      const flow = choose(d.flows, i);
      if (flow) journeys.editFlow(flow.id, { label, crossesTrustBoundary });
    },
  })),
  fc.tuple(fc.array(pick, { maxLength: 3 }), fc.array(pick, { maxLength: 2 })).map(([stepIndexes, flowIndexes]) => ({
    name: 'deleteSelection',
    run: (d) => {
      const steps = stepIndexes.map((i) => choose(d.steps, i)?.id).filter((id): id is string => id !== undefined);
      const flows = flowIndexes.map((i) => choose(d.flows, i)?.id).filter((id): id is string => id !== undefined);
      journeys.deleteSelection([...new Set(steps)], [...new Set(flows)]);
    },
  })),
  fc.tuple(fc.array(pick, { minLength: 1, maxLength: 4 }), pick, number, number).map(([indexes, j, x, y]) => ({
    name: 'copy and paste',
    run: (d) => {
      const ids = [...new Set(indexes.map((i) => choose(d.steps, i)?.id).filter((id): id is string => id !== undefined))];
      const clipboard = journeys.copyToClipboard(ids);
      const journey = choose(d.journeys, j);
      if (clipboard && journey) journeys.pasteClipboard(clipboard, journey.id, { x, y });
    },
  })),
  pick.map((i) => ({
    name: 'autoLayout',
    run: (d) => {
      const journey = choose(d.journeys, i);
      if (journey) journeys.autoLayout(journey.id);
    },
  })),
  fc.tuple(pick, fc.boolean(), text, text, number, number).map(([i, onFlow, title, cardTitle, likelihood, impact]) => ({
    name: 'createThreat',
    run: (d) => {
      const target = onFlow ? choose(d.flows, i) : choose(d.steps, i);
      const anchor = target ? { type: onFlow ? ('flow' as const) : ('step' as const), id: target.id } : null;
      threats.createThreat(blankThreat(anchor, { title: title || cardTitle || 'New threat', likelihood, impact, notes: cardTitle }));
    },
  })),
  fc
    .tuple(
      pick,
      fc.record(
        {
          title: text,
          notes: text,
          likelihood: number,
          impact: number,
          votes: number,
          category: fc.record({ framework: text, key: text }),
          statement: fc.record(
            { source: text, prerequisites: text, action: text, impact: text, impactedGoals: fc.array(text, { maxLength: 40 }), impactedAssets: fc.array(text, { maxLength: 40 }) },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: [] },
      ),
    )
    .map(([i, patch]) => ({
      name: 'editThreat',
      run: (d) => {
        const threat = choose(d.threats, i);
        if (threat) threats.editThreat(threat.id, patch, `threat-${threat.id}`);
      },
    })),
  fc
    .tuple(pick, fc.constantFrom(...threatStatuses), text, text, fc.constantFrom('2027-02-30', '2027-02-28', '2028-02-29', '2027-13-01', 'tomorrow', '', '2026-12-31'))
    .map(([i, status, owner, reason, reviewDate]) => ({
      name: 'changeThreatStatus',
      run: (d) => {
        const threat = choose(d.threats, i);
        if (threat) threats.changeThreatStatus(threat.id, status, { owner, reason, reviewDate });
      },
    })),
  fc.tuple(pick, pick, fc.boolean(), fc.boolean()).map(([i, j, onFlow, copy]) => ({
    name: 'relocateThreat',
    run: (d) => {
      const threat = choose(d.threats, i);
      const target = onFlow ? choose(d.flows, j) : choose(d.steps, j);
      if (threat && target) threats.relocateThreat(threat.id, { type: onFlow ? 'flow' : 'step', id: target.id }, copy);
    },
  })),
  fc.tuple(pick, fc.option(number), fc.option(number)).map(([i, likelihood, impact]) => ({
    name: 'scoreThreat',
    run: (d) => {
      const threat = choose(d.threats, i);
      if (threat) threats.scoreThreat(threat.id, { likelihood, impact });
    },
  })),
  fc.array(pick, { minLength: 1, maxLength: 4 }).map((indexes) => ({
    name: 'mergeDuplicateThreats',
    run: (d) => {
      const ids = [...new Set(indexes.map((i) => choose(d.threats, i)?.id).filter((id): id is string => id !== undefined))];
      threats.mergeDuplicateThreats(ids);
    },
  })),
  pick.map((i) => ({
    name: 'removeThreat',
    run: (d) => {
      const threat = choose(d.threats, i);
      if (threat) threats.removeThreat(threat.id);
    },
  })),
  fc.tuple(pick, text, fc.array(pick, { maxLength: 3 })).map(([i, statement, links]) => ({
    name: 'createOutcome',
    run: (d) => {
      const step = choose(d.steps, i);
      const threatIds = links.map((l) => choose(d.threats, l)?.id).filter((id): id is string => id !== undefined);
      if (step) threats.createOutcome(step.id, statement, threatIds);
    },
  })),
  fc
    .tuple(pick, fc.record({ statement: text, acceptanceCriteria: fc.array(text, { maxLength: 120 }), status: fc.constantFrom('draft', 'agreed', 'met') as fc.Arbitrary<'draft' | 'agreed' | 'met'> }, { requiredKeys: [] }), fc.array(pick, { maxLength: 3 }))
    .map(([i, patch, links]) => ({
      name: 'editOutcome',
      run: (d) => {
        const outcome = choose(d.outcomes, i);
        const threatIds = links.map((l) => choose(d.threats, l)?.id).filter((id): id is string => id !== undefined);
        if (outcome) threats.editOutcome(outcome.id, { ...patch, threatIds: [...threatIds, ...threatIds] });
      },
    })),
  pick.map((i) => ({
    name: 'removeOutcome',
    run: (d) => {
      const outcome = choose(d.outcomes, i);
      if (outcome) threats.removeOutcome(outcome.id);
    },
  })),
  fc.tuple(text, fc.array(pick, { maxLength: 3 })).map(([title, links]) => ({
    name: 'createMitigation',
    run: (d) => {
      const threatIds = links.map((l) => choose(d.threats, l)?.id).filter((id): id is string => id !== undefined);
      threats.createMitigation(title, [...threatIds, ...threatIds]);
    },
  })),
  fc
    .tuple(pick, fc.record({ title: text, description: text, owner: text, externalKey: text, effort: fc.constantFrom('S', 'M', 'L', 'XL') as fc.Arbitrary<'S' | 'M' | 'L' | 'XL'> }, { requiredKeys: [] }))
    .map(([i, patch]) => ({
      name: 'editMitigation',
      run: (d) => {
        const mitigation = choose(d.mitigations, i);
        if (mitigation) threats.editMitigation(mitigation.id, patch);
      },
    })),
  fc.tuple(pick, pick, fc.boolean()).map(([i, j, linked]) => ({
    name: 'linkMitigation',
    run: (d) => {
      const mitigation = choose(d.mitigations, i);
      const threat = choose(d.threats, j);
      if (mitigation && threat) threats.linkMitigation(mitigation.id, threat.id, linked);
    },
  })),
  pick.map((i) => ({
    name: 'removeMitigation',
    run: (d) => {
      const mitigation = choose(d.mitigations, i);
      if (mitigation) threats.removeMitigation(mitigation.id);
    },
  })),
  fc.tuple(text, fc.constantFrom('facilitator', 'participant', 'observer') as fc.Arbitrary<'facilitator' | 'participant' | 'observer'>).map(([name, role]) => ({
    name: 'addPerson',
    run: () => void workshop.addPerson(name, role),
  })),
  fc.tuple(pick, text, fc.constantFrom('facilitator', 'participant', 'observer') as fc.Arbitrary<'facilitator' | 'participant' | 'observer'>).map(([i, name, role]) => ({
    name: 'editPerson',
    run: (d) => {
      const person = choose(d.participants, i);
      if (person) workshop.editPerson(person.id, { name, role });
    },
  })),
  pick.map((i) => ({
    name: 'removePerson',
    run: (d) => {
      const person = choose(d.participants, i);
      if (person) workshop.removePerson(person.id);
    },
  })),
  fc.option(pick).map((i) => ({
    name: 'chooseSpeaker',
    run: (d) => workshop.chooseSpeaker(i === null ? null : (choose(d.participants, i)?.id ?? null)),
  })),
  fc.constant({ name: 'useDefaultAgenda', run: () => workshop.useDefaultAgenda() }),
  fc.constant({ name: 'startPhaseTimer', run: () => workshop.startPhaseTimer() }),
  fc.constant({ name: 'pausePhaseTimer', run: () => workshop.pausePhaseTimer() }),
  number.map((minutes) => ({ name: 'addMinutes', run: () => workshop.addMinutes(minutes) })),
  pick.map((i) => ({
    name: 'switchPhase',
    run: (d) => {
      const phase = choose(d.workshop.phases, i);
      if (phase) workshop.switchPhase(phase.id);
    },
  })),
  fc.constant({ name: 'advancePhase', run: () => workshop.advancePhase() }),
  fc.tuple(fc.option(pick), fc.integer({ min: -2, max: 25 })).map(([i, dots]) => ({
    name: 'startVote',
    run: (d) => workshop.startVote(i === null ? 'session' : (choose(d.journeys, i)?.id ?? 'session'), dots),
  })),
  fc.tuple(pick, pick, fc.constantFrom(1 as const, 1 as const, -1 as const)).map(([i, j, delta]) => ({
    name: 'placeDot',
    run: (d) => {
      const person = choose(d.participants, i);
      const threat = choose(d.threats, j);
      if (person && threat) workshop.placeDot(person.id, threat.id, delta);
    },
  })),
  fc.constant({ name: 'showVoteResults', run: () => workshop.showVoteResults() }),
  fc.constant({ name: 'dropVote', run: () => workshop.dropVote() }),
  fc.tuple(pick, pick, fc.constantFrom('above', 'below') as fc.Arbitrary<'above' | 'below'>).map(([i, j, relation]) => ({
    name: 'pinBacklogItem',
    run: (d) => {
      const a = choose(d.threats, i);
      const b = choose(d.threats, j);
      if (a && b) backlog.pinBacklogItem(`decide:${a.id}`, relation, `decide:${b.id}`);
    },
  })),
  pick.map((i) => ({
    name: 'unpinBacklogItem',
    run: (d) => {
      const pin = choose(d.backlogPins, i);
      if (pin) backlog.unpinBacklogItem(pin.itemKey);
    },
  })),
  number.map((threshold) => ({ name: 'setBacklogThreshold', run: () => backlog.setBacklogThreshold(threshold) })),
  text.map((title) => ({ name: 'renameSession', run: () => sessionStore.getState().renameSession(title) })),
  fc.constant({ name: 'undo', run: () => sessionStore.getState().undo() }),
  fc.constant({ name: 'redo', run: () => sessionStore.getState().redo() }),
  fc.constant({ name: 'end gesture', run: () => sessionStore.getState().endGesture() }),
  fc.tuple(fc.array(fc.tuple(pick, pick), { minLength: 1, maxLength: 8 }), fc.boolean()).map(([dots, reveal]) => ({
    name: 'dot vote round',
    run: () => {
      workshop.startVote('session', 3);
      for (const [i, j] of dots) {
        const person = choose(doc().participants, i);
        const threat = choose(doc().threats, j);
        if (person && threat) workshop.placeDot(person.id, threat.id, 1);
      }
      if (reveal) workshop.showVoteResults();
    },
  })),
];

it('names every action once (the weighting below finds them by name)', () => {
  expect(ACTION_NAMES).toHaveLength(actions.length);
  expect(new Set(ACTION_NAMES).size).toBe(ACTION_NAMES.length);
});

/**
 * Actions whose interplay broke sessions before (votes with deletions, people with attribution)
 * come up more often, so short sequences reach those states.
 */
const byName = (name: string) => {
  const index = ACTION_NAMES.indexOf(name);
  if (index < 0) throw new Error(`no action ${name}`);
  return actions[index]!;
};
const ACTION_NAMES = [
  'addBlankJourney', 'addJourneyFromTemplate', 'editJourney', 'reorderJourney', 'removeJourney', 'addStep', 'editStep', 'moveStepsTo',
  'connectSteps', 'editFlow', 'deleteSelection', 'copy and paste', 'autoLayout', 'createThreat', 'editThreat', 'changeThreatStatus',
  'relocateThreat', 'scoreThreat', 'mergeDuplicateThreats', 'removeThreat', 'createOutcome', 'editOutcome', 'removeOutcome', 'createMitigation', 'editMitigation',
  'linkMitigation', 'removeMitigation', 'addPerson', 'editPerson', 'removePerson', 'chooseSpeaker', 'useDefaultAgenda',
  'startPhaseTimer', 'pausePhaseTimer', 'addMinutes', 'switchPhase', 'advancePhase', 'startVote', 'placeDot', 'showVoteResults',
  'dropVote', 'pinBacklogItem', 'unpinBacklogItem', 'setBacklogThreshold', 'renameSession', 'undo', 'redo', 'end gesture', 'dot vote round',
];
const weighted = [
  { arbitrary: byName('placeDot'), weight: 4 },
  { arbitrary: byName('dot vote round'), weight: 4 },
  { arbitrary: byName('startVote'), weight: 3 },
  { arbitrary: byName('showVoteResults'), weight: 2 },
  { arbitrary: byName('createThreat'), weight: 3 },
  { arbitrary: byName('removeThreat'), weight: 2 },
  // Merging moves ballots and links: it meets votes, outcomes and mitigations often.
  { arbitrary: byName('mergeDuplicateThreats'), weight: 3 },
  { arbitrary: byName('deleteSelection'), weight: 2 },
  { arbitrary: byName('addPerson'), weight: 2 },
  { arbitrary: byName('editPerson'), weight: 2 },
  { arbitrary: byName('removePerson'), weight: 2 },
  { arbitrary: byName('undo'), weight: 2 },
];

/** Where a run starts: an empty session, a template-filled one, or one next to the limits. */
type Start = 'empty' | 'templates' | 'near-limits';

function startingDocument(start: Start): SessionDocument {
  const base = createSessionDocument('Property session');
  sessionStore.getState().open(base);
  if (start === 'templates') {
    for (const template of JOURNEY_TEMPLATES.slice(0, 3)) journeys.addJourneyFromTemplate(template);
    workshop.addPerson('Ann', 'participant');
    workshop.addPerson('Sam', 'observer');
    workshop.addPerson('Kim', 'facilitator');
    for (const [index, title] of ['Stolen session', 'Card testing', 'Leaked receipt'].entries()) {
      threats.createThreat(blankThreat({ type: 'step', id: doc().steps[index * 3]!.id }, { title }));
    }
  }
  if (start === 'near-limits') {
    // Built directly: a thousand named actions would only slow the property down.
    const full = structuredClone(doc());
    for (let i = full.journeys.length; i < COLLECTION_LIMITS.journeys - 1; i++) {
      full.journeys.push({ id: `j${i}`, name: `Journey ${i}`, persona: '', goal: '', critical: false, stages: [] });
    }
    for (let i = 0; i < COLLECTION_LIMITS.participants - 1; i++) full.participants.push({ id: `p${i}`, name: `Person ${i}`, role: 'participant' });
    full.steps.push({ id: 's1', journeyId: 'j1', kind: 'action', label: 'Pay', description: '', actor: '', dataTags: [], position: { x: 0, y: 0 } });
    full.threats.push(blankThreat({ type: 'step', id: 's1' }, { id: 't1', title: 'Card testing' }));
    for (let i = 0; i < COLLECTION_LIMITS.votes - 1; i++) {
      full.workshop.votes.push({ id: `v${i}`, scope: 'session', dotsPerParticipant: 3, status: 'revealed', openedAt: base.session.createdAt, ballots: [] });
    }
    expect(sessionDocumentSchema.safeParse(full).success).toBe(true);
    sessionStore.getState().open(full);
  }
  return doc();
}

function problemsWith(document: SessionDocument): string[] {
  const parsed = sessionDocumentSchema.safeParse(document);
  if (!parsed.success) return describeIssues(parsed.error, 5);
  // The incremental projection must equal a full read of the Y.Doc every change went through.
  const ydoc = sessionStore.getState().ydoc();
  if (ydoc && !isDeepStrictEqual(JSON.parse(JSON.stringify(new Projection(ydoc).document)), JSON.parse(JSON.stringify(document)))) {
    return ['the document differs from a full read of its Y.Doc'];
  }
  const saved = serializeSessionDocument(document);
  const loaded = loadSessionDocument(JSON.parse(saved));
  if (!loaded.ok) return [`the saved file does not open: ${loaded.error} ${loaded.details.join('; ')}`];
  const savedAgain = serializeSessionDocument(loaded.document);
  return saved === savedAgain ? [] : ['save → open → save changed the file'];
}

describe('named actions keep every rule of the session format', () => {
  beforeEach(() => useNotices.setState({ notices: [] }));

  it('any sequence of actions leaves a document that validates and round-trips byte for byte', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Start>('empty', 'templates', 'templates', 'near-limits'),
        fc.array(fc.oneof(...actions.map((arbitrary) => ({ arbitrary, weight: 1 })), ...weighted), { minLength: 1, maxLength: 50 }),
        (start, sequence) => {
          countCase(`action sequences (${start})`);
          useNotices.setState({ notices: [] });
          startingDocument(start);
          const done: string[] = [];
          for (const action of sequence) {
            action.run(doc());
            done.push(action.name);
            if (doc().workshop.votes.some((v) => v.ballots.length > 0)) countCase('steps with ballots');
            // The safety net refuses only limits (told to the person); anything else is an operation bug.
            const netCaught = useNotices.getState().notices.filter((n) => n.tone === 'error' && !/at most|already holds|already open/.test(n.message));
            expect(netCaught.map((n) => `${n.message} ${n.details.join('; ')}`), `after ${done.join(' → ')}`).toEqual([]);
            expect(problemsWith(doc()), `after ${done.join(' → ')}`).toEqual([]);
          }
        },
      ),
      runs(150),
    );
  }, FUZZ_TIMEOUT_MS);

  it('refuses additions past the limits and says why (the reports: 1,002 journeys, 201 votes)', () => {
    startingDocument('near-limits');
    journeys.addBlankJourney('One more');
    expect(doc().journeys).toHaveLength(COLLECTION_LIMITS.journeys);
    journeys.addBlankJourney('And another');
    expect(doc().journeys).toHaveLength(COLLECTION_LIMITS.journeys);
    expect(useNotices.getState().notices.at(-1)?.message).toMatch(/at most 1,000 journeys/);

    workshop.startVote('session', 3);
    workshop.showVoteResults();
    expect(doc().workshop.votes).toHaveLength(COLLECTION_LIMITS.votes);
    workshop.startVote('session', 3);
    expect(doc().workshop.votes).toHaveLength(COLLECTION_LIMITS.votes);
    expect(useNotices.getState().notices.at(-1)?.message).toMatch(/already holds 200 dot votes/);
    expect(problemsWith(doc())).toEqual([]);
  });

  it('deleting a step after a revealed vote keeps the session openable (the ballot report)', () => {
    startingDocument('empty');
    const journeyId = journeys.addBlankJourney('Checkout');
    const stepId = journeys.addStep(journeyId, 'action', { x: 0, y: 0 });
    const ann = workshop.addPerson('Ann', 'participant');
    const threatId = threats.createThreat(blankThreat({ type: 'step', id: stepId }, { title: 'Card testing' }));
    workshop.startVote('session', 3);
    expect(workshop.placeDot(ann, threatId, 1)).toBeNull();
    workshop.showVoteResults();
    journeys.deleteSelection([stepId], []);
    expect(doc().workshop.votes[0]!.ballots).toEqual([]);
    expect(problemsWith(doc())).toEqual([]);
  });

  it('cuts an 80-character goal to the entry limit instead of storing what a reload refuses', () => {
    startingDocument('templates');
    const threat = doc().threats[0]!;
    threats.editThreat(threat.id, { statement: { impactedGoals: ['g'.repeat(80), ' ', 'integrity'] } });
    expect(doc().threats[0]!.statement.impactedGoals).toEqual(['g'.repeat(60), 'integrity']);
    expect(problemsWith(doc())).toEqual([]);
  });

  it('never cuts an emoji in half at a limit', () => {
    startingDocument('templates');
    const step = doc().steps[0]!;
    journeys.editStep(step.id, { label: `${'a'.repeat(199)}🙂` });
    const label = doc().steps.find((s) => s.id === step.id)!.label;
    expect(label).toBe('a'.repeat(199));
    expect(() => encodeURIComponent(label)).not.toThrow();
  });
});
