import { describe, it, expect } from 'vitest';
import { flowSchema, journeySchema, sessionDocumentSchema, stepSchema } from '../../shared/schema.ts';
import { createSessionDocument } from '../../shared/session-factory.ts';
import { STANDARD_DATA_TAGS } from '../../shared/step-kinds.ts';
import { STEP_NODE_SIZE } from '../../shared/layout.ts';
import { JOURNEY_TEMPLATES, findTemplate, instantiateTemplate, type JourneyTemplate } from '../../shared/templates.ts';

function counter(prefix: string): () => string {
  let next = 0;
  return () => `${prefix}-${++next}`;
}

function outgoing(template: JourneyTemplate, key: string) {
  return template.flows.filter((flow) => flow.from === key);
}

describe.each(JOURNEY_TEMPLATES.map((template) => [template.id, template] as const))('template %s', (_id, template) => {
  it('has 5 to 12 steps with unique keys, one start and at least one end', () => {
    expect(template.steps.length).toBeGreaterThanOrEqual(5);
    expect(template.steps.length).toBeLessThanOrEqual(12);
    const keys = template.steps.map((step) => step.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(template.steps.filter((step) => step.kind === 'start')).toHaveLength(1);
    expect(template.steps[0]?.kind).toBe('start');
    expect(template.steps.filter((step) => step.kind === 'end').length).toBeGreaterThanOrEqual(1);
  });

  it('has flows whose ends are existing steps, nothing into the start and nothing out of an end', () => {
    const keys = new Set(template.steps.map((step) => step.key));
    const kindOf = new Map(template.steps.map((step) => [step.key, step.kind]));
    for (const flow of template.flows) {
      expect(keys.has(flow.from), `flow from "${flow.from}"`).toBe(true);
      expect(keys.has(flow.to), `flow to "${flow.to}"`).toBe(true);
      expect(flow.from).not.toBe(flow.to);
      expect(kindOf.get(flow.to)).not.toBe('start');
      expect(kindOf.get(flow.from)).not.toBe('end');
    }
  });

  it('reaches every step from the start', () => {
    const start = template.steps.find((step) => step.kind === 'start');
    expect(start).toBeDefined();
    const seen = new Set<string>([start!.key]);
    const queue = [start!.key];
    while (queue.length > 0) {
      const key = queue.shift()!;
      for (const flow of outgoing(template, key)) {
        if (!seen.has(flow.to)) {
          seen.add(flow.to);
          queue.push(flow.to);
        }
      }
    }
    expect([...seen].sort()).toEqual(template.steps.map((step) => step.key).sort());
  });

  it('leads every step except ends and data stores onward', () => {
    for (const step of template.steps) {
      if (step.kind === 'end' || step.kind === 'datastore') continue;
      expect(outgoing(template, step.key).length, `step "${step.key}"`).toBeGreaterThanOrEqual(1);
    }
  });

  it('gives every decision two or more outgoing flows with distinct labels', () => {
    const decisions = template.steps.filter((step) => step.kind === 'decision');
    expect(decisions.length).toBeGreaterThanOrEqual(1);
    for (const decision of decisions) {
      const labels = outgoing(template, decision.key).map((flow) => flow.label.trim());
      expect(labels.length, `decision "${decision.key}"`).toBeGreaterThanOrEqual(2);
      expect(labels.every((label) => label.length > 0)).toBe(true);
      expect(new Set(labels).size).toBe(labels.length);
    }
  });

  it('describes every step and labels every flow', () => {
    for (const field of ['name', 'persona', 'goal', 'summary'] as const) {
      expect(template[field].trim().length, field).toBeGreaterThan(0);
    }
    for (const step of template.steps) {
      expect(step.label.trim(), step.key).not.toBe('');
      expect(step.description.trim(), step.key).not.toBe('');
      expect(step.actor.trim(), step.key).not.toBe('');
      expect(new Set(step.dataTags).size, step.key).toBe(step.dataTags.length);
      for (const tag of step.dataTags) expect(STANDARD_DATA_TAGS as readonly string[]).toContain(tag);
    }
    for (const flow of template.flows) expect(flow.label.trim(), `${flow.from} -> ${flow.to}`).not.toBe('');
  });

  it('uses realistic kinds and marks trust boundaries', () => {
    const kinds = new Set(template.steps.map((step) => step.kind));
    expect(kinds.has('action')).toBe(true);
    expect(kinds.has('thirdparty') || kinds.has('datastore')).toBe(true);
    expect(template.steps.some((step) => step.dataTags.length > 0)).toBe(true);
    expect(template.flows.some((flow) => flow.crossesTrustBoundary)).toBe(true);
    // A third party is outside our boundary by definition: every flow to or from one crosses it.
    const thirdParties = new Set(template.steps.filter((step) => step.kind === 'thirdparty').map((step) => step.key));
    for (const flow of template.flows) {
      if (thirdParties.has(flow.from) || thirdParties.has(flow.to)) {
        expect(flow.crossesTrustBoundary, `${flow.from} -> ${flow.to}`).toBe(true);
      }
    }
  });

  it('instantiates to entities that satisfy the schemas', () => {
    const { journey, steps, flows } = instantiateTemplate(template, counter('t'));
    expect(journeySchema.parse(journey)).toEqual(journey);
    for (const step of steps) expect(stepSchema.parse(step)).toEqual(step);
    for (const flow of flows) expect(flowSchema.parse(flow)).toEqual(flow);
    expect(journey).toMatchObject({
      name: template.name,
      persona: template.persona,
      goal: template.goal,
      critical: template.critical,
    });
    expect(steps).toHaveLength(template.steps.length);
    expect(flows).toHaveLength(template.flows.length);
  });

  it('instantiates into a valid session document', () => {
    const doc = createSessionDocument('Workshop', new Date('2025-01-01T00:00:00Z'));
    const { journey, steps, flows } = instantiateTemplate(template, counter('t'), { x: 40, y: 80 });
    const result = sessionDocumentSchema.safeParse({ ...doc, journeys: [journey], steps, flows });
    expect(result.success, result.error?.message).toBe(true);
  });

  it('keeps the template wiring and data, with fresh ids', () => {
    const { journey, steps, flows } = instantiateTemplate(template, counter('t'));
    const keyById = new Map(steps.map((step, index) => [step.id, template.steps[index]!.key]));
    steps.forEach((step, index) => {
      const source = template.steps[index]!;
      expect(step).toMatchObject({
        journeyId: journey.id,
        kind: source.kind,
        label: source.label,
        description: source.description,
        actor: source.actor,
        dataTags: source.dataTags,
      });
      // A copy, so editing the instance cannot change the template.
      expect(step.dataTags).not.toBe(source.dataTags);
    });
    flows.forEach((flow, index) => {
      const source = template.flows[index]!;
      expect(flow.journeyId).toBe(journey.id);
      expect(keyById.get(flow.source)).toBe(source.from);
      expect(keyById.get(flow.target)).toBe(source.to);
      expect(flow.label).toBe(source.label);
      expect(flow.crossesTrustBoundary).toBe(source.crossesTrustBoundary);
    });
  });

  it('lays steps out left to right from the origin without overlaps', () => {
    const origin = { x: 1000, y: -300 };
    const { steps } = instantiateTemplate(template, counter('t'), origin);
    const start = steps.find((step) => step.kind === 'start')!;
    expect(Math.min(...steps.map((step) => step.position.x))).toBe(origin.x);
    expect(Math.min(...steps.map((step) => step.position.y))).toBe(origin.y);
    expect(start.position.x).toBe(origin.x);
    for (const step of steps) {
      expect(Number.isInteger(step.position.x) && Number.isInteger(step.position.y)).toBe(true);
    }
    for (let i = 0; i < steps.length; i++) {
      for (let j = i + 1; j < steps.length; j++) {
        const a = steps[i]!.position;
        const b = steps[j]!.position;
        const apart =
          a.x + STEP_NODE_SIZE.width <= b.x ||
          b.x + STEP_NODE_SIZE.width <= a.x ||
          a.y + STEP_NODE_SIZE.height <= b.y ||
          b.y + STEP_NODE_SIZE.height <= a.y;
        expect(apart, `${steps[i]!.label} / ${steps[j]!.label}`).toBe(true);
      }
    }
  });
});

describe('journey templates', () => {
  it('has unique ids that are slugs', () => {
    const ids = JOURNEY_TEMPLATES.map((template) => template.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('covers the seven journeys every product team asks for', () => {
    expect(JOURNEY_TEMPLATES.length).toBeGreaterThanOrEqual(7);
    for (const id of [
      'sign-up',
      'log-in-mfa',
      'account-recovery',
      'checkout',
      'share-externally',
      'close-account',
      'contact-support',
    ]) {
      expect(findTemplate(id), id).toBeDefined();
    }
    expect(findTemplate('no-such-template')).toBeUndefined();
  });

  it('marks the security-critical journeys critical', () => {
    for (const id of ['sign-up', 'log-in-mfa', 'account-recovery', 'checkout', 'close-account']) {
      expect(findTemplate(id)?.critical, id).toBe(true);
    }
  });

  it('uses the third parties a real product depends on', () => {
    const actors = new Set(
      JOURNEY_TEMPLATES.flatMap((template) =>
        template.steps.filter((step) => step.kind === 'thirdparty').map((step) => step.actor),
      ),
    );
    for (const actor of ['Email provider', 'SMS gateway', 'Payment processor', 'Identity provider', 'Support desk tool']) {
      expect(actors, actor).toContain(actor);
    }
  });

  it('gives two instantiations disjoint ids, and every id is used once', () => {
    let next = 0;
    const makeId = () => `id-${++next}`;
    const template = findTemplate('checkout')!;
    const first = instantiateTemplate(template, makeId);
    const second = instantiateTemplate(template, makeId);
    const ids = (instance: typeof first) => [
      instance.journey.id,
      ...instance.steps.map((step) => step.id),
      ...instance.flows.map((flow) => flow.id),
    ];
    const firstIds = ids(first);
    const secondIds = ids(second);
    expect(new Set(firstIds).size).toBe(firstIds.length);
    expect(firstIds.filter((id) => secondIds.includes(id))).toEqual([]);
    expect(second.steps.every((step) => step.journeyId === second.journey.id)).toBe(true);
  });

  it('puts every template into one session document side by side', () => {
    const doc = createSessionDocument('All templates', new Date('2025-01-01T00:00:00Z'));
    const makeId = counter('all');
    const instances = JOURNEY_TEMPLATES.map((template, index) => instantiateTemplate(template, makeId, { x: 0, y: index * 2000 }));
    const result = sessionDocumentSchema.safeParse({
      ...doc,
      journeys: instances.map((instance) => instance.journey),
      steps: instances.flatMap((instance) => instance.steps),
      flows: instances.flatMap((instance) => instance.flows),
    });
    expect(result.success, result.error?.message).toBe(true);
  });

  it('is deterministic: the same ids give the same entities', () => {
    const template = findTemplate('log-in-mfa')!;
    expect(instantiateTemplate(template, counter('d'))).toEqual(instantiateTemplate(template, counter('d')));
  });

  it('does not let an edited instance change the template', () => {
    const template = findTemplate('sign-up')!;
    const before = JSON.stringify(template);
    const { steps } = instantiateTemplate(template, counter('m'));
    steps[1]!.dataTags.push('health');
    steps[1]!.label = 'changed';
    expect(JSON.stringify(template)).toBe(before);
  });

  it('refuses a template whose flows point at unknown steps', () => {
    const broken: JourneyTemplate = {
      ...findTemplate('sign-up')!,
      flows: [{ from: 'open', to: 'nowhere', label: 'x', crossesTrustBoundary: false }],
    };
    expect(() => instantiateTemplate(broken, counter('b'))).toThrow(/unknown step "nowhere"/);
  });
});
