import { describe, expect, it } from 'vitest';
import { deriveBacklog } from '../../shared/backlog.ts';
import { EXPORT_FORMATS, findExportFormat, summaryLines } from '../../shared/export/index.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import { cellsStartingWithTrigger, checkoutSession, hostileSession, parseCsv } from './export-fixture.ts';

const NOW = new Date(2026, 5, 15, 12);

function largeSession(count: number): SessionDocument {
  const doc = checkoutSession();
  doc.threats = [];
  doc.mitigations = [];
  const steps = ['s1', 's2', 's3', 's4', 's5'];
  for (let i = 0; i < count; i++) {
    doc.threats.push({
      id: `bt${i}`,
      anchor: { type: 'step', id: steps[i % steps.length]! },
      title: `Threat ${i}: an attacker with a stolen password logs in`,
      category: { framework: 'STRIDE', key: i % 2 ? 'spoofing' : 'tampering' },
      statement: { source: 'An attacker', prerequisites: 'with a stolen password', action: 'log in as the user', impact: 'account takeover', impactedGoals: ['confidentiality'], impactedAssets: ['account'] },
      likelihood: (i % 5) + 1,
      impact: ((i * 3) % 5) + 1,
      status: 'open',
      votes: i % 7,
      notes: '',
    });
    doc.mitigations.push({
      id: `bm${i}`,
      title: `=Mitigation ${i}`,
      description: 'What to do, a sentence or two.\n-Second line',
      threatIds: [`bt${i}`],
      effort: (['S', 'M', 'L', 'XL'] as const)[i % 4]!,
      status: 'proposed',
      owner: '=Ana',
    });
  }
  doc.outcomes[0]!.threatIds = doc.threats.slice(0, 1_000).map((t) => t.id);
  return doc;
}

describe('export format registry', () => {
  it('lists every format the CLI and the UI offer', () => {
    expect(EXPORT_FORMATS.map((f) => f.id)).toEqual(['jira', 'jira-flat', 'azure-devops', 'linear', 'github', 'csv', 'markdown', 'threat-composer']);
    expect(findExportFormat('linear')?.label).toBe('Linear (CSV)');
    expect(findExportFormat('excel')).toBeUndefined();
    expect(EXPORT_FORMATS.filter((f) => f.multiFile).map((f) => f.id)).toEqual(['azure-devops', 'github']);
  });

  it.each(EXPORT_FORMATS.map((f) => [f.id, f] as const))('%s: hostile text gives well-formed, formula-safe files', (_id, format) => {
    const { files, stats } = format.run(hostileSession(), { now: NOW });
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(file.name).toMatch(/^[a-z0-9][a-z0-9.-]*$/);
      if (!file.name.endsWith('.csv')) continue;
      const rows = parseCsv(file.content); // throws on a malformed record or a ragged row
      expect(rows.length - 1).toBeGreaterThan(0);
      expect(cellsStartingWithTrigger(rows)).toEqual([]);
      expect(file.content.replace(/"(?:[^"]|"")*"/g, '').split('\n').every((line, i, all) => i === all.length - 1 || line.endsWith('\r'))).toBe(true);
    }
    // Titles start with "Do:" or "Decide:" and descriptions with a heading, so user text starts a
    // cell only where a column holds it alone: the generic CSV's journey (and step, owner) columns.
    if (format.id === 'csv') expect(stats.neutralized).toBeGreaterThan(0);
  });

  it('accepts an already derived backlog instead of deriving again', () => {
    const doc = checkoutSession();
    const backlog = deriveBacklog(doc, { now: NOW });
    for (const format of EXPORT_FORMATS) {
      expect(format.run(doc, { backlog, now: NOW }).files.map((f) => f.content)).toEqual(format.run(doc, { now: NOW }).files.map((f) => f.content));
    }
  });

  it('exports 5,000 items to every format without quadratic work', () => {
    const doc = largeSession(5_000);
    const backlog = deriveBacklog(doc, { now: NOW });
    expect(backlog.items).toHaveLength(5_000);
    for (const format of EXPORT_FORMATS) {
      // Speed is the benchmark's business (npm run bench), not a timed test's.
      const { stats } = format.run(doc, { backlog });
      expect(stats.rows).toBeGreaterThanOrEqual(5_000);
      // Each owner "=Ana" starts a cell of the generic CSV's Owner column.
      if (format.id === 'csv') expect(stats.neutralized, format.id).toBeGreaterThanOrEqual(5_000);
    }
  });

  it('every format returns a summary naming its files, and counts its progress up to the total', () => {
    const doc = largeSession(2_500);
    const backlog = deriveBacklog(doc, { now: NOW });
    for (const format of EXPORT_FORMATS) {
      const progress: [number, number][] = [];
      const { files, summary } = format.run(doc, { backlog, now: NOW, pictures: true, onProgress: (done, total) => progress.push([done, total]) });
      expect(summary.files, format.id).toEqual(files.map((f) => f.name));
      expect(summaryLines(summary)[0], format.id).toMatch(new RegExp(`^${summary.format.replace(/[()]/g, '\\$&')}: [\\d,]+ (backlog items|threats) in ${files.length} files? \\(`));
      if (format.id === 'threat-composer') continue; // one JSON document, written at once
      expect(progress.length, format.id).toBeGreaterThan(0);
      const [lastDone, lastTotal] = progress.at(-1)!;
      expect(lastDone, format.id).toBe(lastTotal);
      expect(progress.every(([done, total]) => total === lastTotal && done <= total), format.id).toBe(true);
      expect(progress.map(([done]) => done), format.id).toEqual(progress.map(([done]) => done).sort((a, b) => a - b));
      if (format.id !== 'markdown') expect(progress.length, format.id).toBeGreaterThanOrEqual(Math.floor(2_500 / 250));
    }
  });

  it('tells how to import a split Azure DevOps export', () => {
    const { files, summary } = findExportFormat('azure-devops')!.run(largeSession(2_500), { now: NOW });
    expect(files.map((f) => f.name)).toEqual(['checkout-review-azure-devops-1.csv', 'checkout-review-azure-devops-2.csv', 'checkout-review-azure-devops-3.csv']);
    expect(summary.notes).toContain(
      'Azure DevOps imports at most 1,000 work items at a time: import the 3 files one after the other, in their numbered order.',
    );
    expect(summary.splitNote).toBe(summary.notes[0]);
    expect(summary.notes).toContain('2 journeys did not fit in one file: their Epic is repeated, titled “(continued)”, at the top of the next file.');
  });
});
