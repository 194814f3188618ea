/**
 * Repair of sessions that break a rule: the reported lock-outs are repaired with a readable
 * list of changes, data is kept where it can stand, and any damage to any place of a rich
 * session either repairs into a valid session that round-trips or is refused with a reason —
 * never a throw.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSessionDocument } from '../../shared/migrations.ts';
import { repairSessionDocument } from '../../shared/repair.ts';
import { sessionDocumentSchema } from '../../shared/schema.ts';
import { serializeSessionDocument } from '../../shared/session-file.ts';
import { countCase, FUZZ_TIMEOUT_MS, runs } from './fuzz-arbitraries.ts';
import { richSession, sessionDamage } from './session-damage.ts';

function repaired(raw: unknown) {
  const result = repairSessionDocument(raw);
  if (!result.ok) throw new Error(result.error);
  expect(sessionDocumentSchema.safeParse(result.document).success).toBe(true);
  return result;
}

describe('Repair', () => {
  it('repairs the session locked out by a ballot on a deleted threat (the report’s file)', () => {
    const raw = JSON.parse(readFileSync(new URL('../../../shared/evidence/redteam-2026-12/ballot-lockout-saved-from-app.threatstorm.json', import.meta.url), 'utf8'));
    expect(loadSessionDocument(raw).ok).toBe(false);
    const { document, changes } = repaired(raw);
    expect(changes).toEqual([expect.stringMatching(/^Dropped a ballot of vote workshop\.votes\[0\] \(no threat ".+"\)\.$/)]);
    expect(document.workshop.votes[0]!.ballots).toEqual([]);
    expect(document.journeys.length).toBe(raw.journeys.length);
  });

  it('cuts an 80-character goal and names the threat it belongs to', () => {
    const raw = structuredClone(richSession());
    raw.threats[0]!.statement.impactedGoals = ['g'.repeat(80)];
    const { document, changes } = repaired(raw);
    expect(document.threats[0]!.statement.impactedGoals).toEqual(['g'.repeat(60)]);
    expect(changes).toEqual([`Cut statement.impactedGoals.0 of threat “${raw.threats[0]!.title}” (threats[0]) to 60 characters.`]);
  });

  it('keeps what can stand: a threat whose step is gone waits to be placed, steps whose journey is gone move to “Recovered steps”', () => {
    const raw = structuredClone(richSession());
    const threat = raw.threats.find((t) => t.anchor?.type === 'step')!;
    threat.anchor = { type: 'step', id: 'nowhere' };
    raw.steps[0]!.journeyId = 'lost-journey';
    const { document, changes } = repaired(raw);
    expect(document.threats.find((t) => t.id === threat.id)!.anchor).toBeNull();
    const recovered = document.journeys.find((j) => j.name === 'Recovered steps')!;
    expect(document.steps[0]!.journeyId).toBe(recovered.id);
    expect(document.threats).toHaveLength(raw.threats.length);
    expect(changes.join('\n')).toMatch(/waits in the card panel/);
    expect(changes.join('\n')).toMatch(/Moved step “.+” \(steps\[0\]\) to “Recovered steps”/);
  });

  it('gives a duplicated id a new one instead of dropping the item', () => {
    const raw = structuredClone(richSession());
    raw.mitigations.push({ ...raw.mitigations[0]!, title: 'A second one' });
    const { document, changes } = repaired(raw);
    expect(document.mitigations.map((m) => m.title)).toContain('A second one');
    expect(new Set(document.mitigations.map((m) => m.id)).size).toBe(document.mitigations.length);
    expect(changes).toEqual([expect.stringMatching(/^Gave mitigation “A second one” \(mitigations\[\d+\]\) a new id/)]);
  });

  it('refuses what is not a session, or a newer format, with the reason', () => {
    expect(repairSessionDocument([])).toEqual({ ok: false, error: expect.stringMatching(/not a Threatstorm session/) });
    expect(repairSessionDocument({ ...richSession(), schemaVersion: 99 })).toEqual({ ok: false, error: expect.stringMatching(/newer Threatstorm/) });
  });

  it('changes nothing in a valid session', () => {
    const { document, changes } = repaired(richSession());
    expect(changes).toEqual([]);
    expect(serializeSessionDocument(document)).toBe(serializeSessionDocument(sessionDocumentSchema.parse(richSession())));
  });

  it('any damage to any place either repairs into a valid, round-tripping session with its changes listed, or is refused with a reason', () => {
    fc.assert(
      fc.property(sessionDamage(richSession() as never), (hostile) => {
        let raw: unknown;
        try {
          raw = JSON.parse(hostile.text);
        } catch {
          return; // Not JSON at all: nothing to repair (opening says so).
        }
        countCase('damaged sessions repaired');
        const result = repairSessionDocument(raw);
        if (!result.ok) {
          expect(result.error.length).toBeGreaterThan(10);
          return;
        }
        expect(sessionDocumentSchema.safeParse(result.document).success).toBe(true);
        const wasValid = loadSessionDocument(raw).ok;
        if (!wasValid) expect(result.changes.length, hostile.kind).toBeGreaterThan(0);
        const saved = serializeSessionDocument(result.document);
        const reopened = loadSessionDocument(JSON.parse(saved));
        expect(reopened.ok && serializeSessionDocument(reopened.document)).toBe(saved);
      }),
      runs(300),
    );
  }, FUZZ_TIMEOUT_MS);
});
