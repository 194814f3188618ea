/**
 * The threat model of the live workshop is kept as a Threatstorm session in docs/: it must stay
 * a valid session (the format moves on; the migration chain must carry it) and keep every
 * built control marked done and every open threat visible.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSessionDocument } from '../../shared/migrations.ts';

describe('docs/join-a-live-workshop.threatstorm.json', () => {
  it('opens as a valid session with its threats, outcomes and mitigations', () => {
    const loaded = loadSessionDocument(JSON.parse(readFileSync(new URL('../../docs/join-a-live-workshop.threatstorm.json', import.meta.url), 'utf8')));
    if (!loaded.ok) throw new Error(`${loaded.error} ${loaded.details.join('; ')}`);
    const doc = loaded.document;
    expect(doc.journeys.map((j) => j.name)).toEqual(['Join a live workshop']);
    expect(doc.threats.length).toBeGreaterThanOrEqual(10);
    expect(doc.outcomes.every((o) => o.threatIds.length > 0)).toBe(true);
    // The one risk not answered in code is recorded as accepted, with an owner and a review date.
    expect(doc.threats.filter((t) => t.status === 'accepted').map((t) => t.acceptance?.owner)).toEqual(['Threatstorm maintainers']);
  });
});
