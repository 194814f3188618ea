import { describe, expect, it } from 'vitest';
import { ADO_HEADER, exportAzureDevOps } from '../../shared/export/azure-devops-csv.ts';
import { EXCEL_CELL_LIMIT, TRUNCATION_MARKER } from '../../shared/export/csv-safety.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import { cellsStartingWithTrigger, checkoutSession, hostileSession, parseCsv } from './export-fixture.ts';

const NOW = new Date(2026, 5, 15, 12);
const C = Object.fromEntries(ADO_HEADER.map((h, i) => [h, i])) as Record<(typeof ADO_HEADER)[number], number>;

/** A session with `count` mitigations on journey j1 and `other` on journey j2. */
function bigSession(count: number, other = 0): SessionDocument {
  const doc = checkoutSession();
  doc.mitigations = [];
  for (let i = 0; i < count + other; i++) {
    doc.mitigations.push({
      id: `x${String(i).padStart(5, '0')}`,
      title: `Fix ${i}`,
      description: '',
      threatIds: [i < count ? 't1' : 't3'],
      effort: 'M',
      status: 'proposed',
      owner: '',
    });
  }
  return doc;
}

/** Checks a file the way the importer reads it: each Title 2 row attaches to the last Title 1 row. */
function hierarchy(rows: string[][]): Array<{ parent: string; children: string[] }> {
  const out: Array<{ parent: string; children: string[] }> = [];
  for (const row of rows) {
    if (row[C['Title 1']]) out.push({ parent: row[C['Title 1']]!, children: [] });
    else {
      expect(out.length, 'a child row before any parent row').toBeGreaterThan(0);
      out.at(-1)!.children.push(row[C['Title 2']]!);
    }
  }
  return out;
}

describe('Azure DevOps CSV', () => {
  it('has the import columns, Epic rows in Title 1 and their children in Title 2', () => {
    const { files, stats } = exportAzureDevOps(checkoutSession(), { now: NOW });
    expect(files.map((f) => f.name)).toEqual(['checkout-review-azure-devops.csv']);
    const [header, ...rows] = parseCsv(files[0]!.content);
    expect(header).toEqual(['ID', 'Work Item Type', 'Title 1', 'Title 2', 'Priority', 'Tags', 'Description', 'Acceptance Criteria']);
    expect(stats.rows).toBe(12);
    expect(rows.every((r) => r[C.ID] === '')).toBe(true);
    expect(hierarchy(rows)).toEqual([
      {
        parent: 'Security: Checkout',
        children: [
          'Do: Tokenize card entry — Card skimming at Enter card → Payment processor (card details) (+1 more)',
          'Do: Bind session to device — Session hijack at Enter card',
          'Decide: Processor spoofing at Payment processor',
          'Do: Patch old bug — Old bug at Enter card',
        ],
      },
      {
        parent: 'Security: Profile',
        children: [
          'Decide: Data linkability at Accounts DB',
          'Do: Sign profile changes — Profile tampering at Edit profile',
          'Do: Rate-limit lookups — Profile enumeration at Accounts DB',
          'Do: Tie A — Weak password at Edit profile',
          'Do: Tie B — Weak password at Edit profile',
        ],
      },
      { parent: 'Decide: Unplaced threat', children: [] },
    ]);
    expect(rows.map((r) => r[C['Work Item Type']])).toEqual(['Epic', 'User Story', 'User Story', 'User Story', 'User Story', 'Epic', 'User Story', 'User Story', 'User Story', 'User Story', 'User Story', 'User Story']);
    expect(rows.map((r) => r[C.Priority])).toEqual(['1', '1', '2', '2', '4', '2', '2', '2', '3', '4', '4', '3']);
    expect(rows[0]![C.Tags]).toBe('security; journey-checkout; critical-journey');
    expect(rows[1]![C.Tags]).toBe('security; journey-checkout; severity-critical; stride-information-disclosure; stride-tampering');
  });

  it.each([
    ['agile', 'User Story'],
    ['scrum', 'Product Backlog Item'],
    ['basic', 'Issue'],
  ] as const)('uses the %s process work item types', (process, child) => {
    const [, ...rows] = parseCsv(exportAzureDevOps(checkoutSession(), { now: NOW, process }).files[0]!.content);
    expect(new Set(rows.map((r) => r[C['Work Item Type']]))).toEqual(new Set(['Epic', child]));
  });

  it('writes Description and Acceptance Criteria as escaped HTML', () => {
    const { files } = exportAzureDevOps(hostileSession(), { now: NOW });
    const rows = parseCsv(files[0]!.content).slice(1);
    expect(cellsStartingWithTrigger(rows)).toEqual([]);
    const script = rows.find((r) => r[C['Title 2']]!.startsWith('Do: <script>alert(1)</script> — '))!;
    expect(script).toBeDefined();
    const html = script[C.Description]!;
    expect(html).not.toContain('<script>');
    expect(html).toContain('<p>line one<br>=2+2<br>- dash line</p>');
    expect(html).toContain('<h3>Threat it addresses</h3><ul><li><strong>Card skimming</strong> — Critical risk · @Checkout &lt;journey&gt; › Enter card');
    expect(html).toContain('(@Checkout &lt;journey&gt; › Payment processor)');
    expect(script[C['Acceptance Criteria']]).toBe(
      '<ul><li>-starts with a dash</li><li>&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;</li><li>=cmd|&#39; /C calc&#39;!A0</li></ul>',
    );
    const epic = rows.find((r) => r[C['Work Item Type']] === 'Epic')!;
    expect(epic[C['Title 1']]).toBe('Security: @Checkout <journey>');
    expect(epic[C.Description]).toContain('‘@Checkout &lt;journey&gt;’');
  });

  it('cuts an over-long HTML cell with the marker and counts it', () => {
    const doc = checkoutSession();
    doc.outcomes[0]!.acceptanceCriteria = Array.from({ length: 100 }, (_, i) => `${i} ${'z'.repeat(990)}`);
    const { files, stats } = exportAzureDevOps(doc, { now: NOW });
    expect(stats.truncated).toBeGreaterThanOrEqual(2); // m1 and m2 both protect o1
    const rows = parseCsv(files[0]!.content).slice(1);
    const cell = rows.find((r) => r[C['Title 2']]!.startsWith('Do: Tokenize card entry — '))![C['Acceptance Criteria']]!;
    expect(cell).toHaveLength(EXCEL_CELL_LIMIT);
    expect(cell.endsWith(TRUNCATION_MARKER)).toBe(true);
  });

  it('keeps files at 1,000 rows or fewer and keeps a journey whole when it fits', () => {
    // 700 + 2 Decide items on Checkout (703 rows), 600 + 3 on Profile (604 rows): one file each.
    const { files, stats } = exportAzureDevOps(bigSession(700, 600), { now: NOW });
    expect(files.map((f) => f.name)).toEqual(['checkout-review-azure-devops-1.csv', 'checkout-review-azure-devops-2.csv']);
    const parsed = files.map((f) => parseCsv(f.content));
    for (const rows of parsed) {
      expect(rows[0]).toEqual([...ADO_HEADER]);
      expect(rows.length - 1).toBeLessThanOrEqual(1_000);
    }
    const first = hierarchy(parsed[0]!.slice(1));
    const second = hierarchy(parsed[1]!.slice(1));
    expect(first.map((g) => [g.parent, g.children.length])).toEqual([['Security: Checkout', 702]]);
    expect(second.map((g) => [g.parent, g.children.length])).toEqual([
      ['Security: Profile', 603],
      ['Decide: Unplaced threat', 0],
    ]);
    expect(stats.rows).toBe(parsed.reduce((n, rows) => n + rows.length - 1, 0));
  });

  it('repeats the Epic row, marked “continued”, when a journey does not fit in one file', () => {
    const { files } = exportAzureDevOps(bigSession(2_500), { now: NOW });
    expect(files).toHaveLength(3);
    const groups = files.map((f) => hierarchy(parseCsv(f.content).slice(1)));
    for (const [i, file] of files.entries()) expect(parseCsv(file.content).length - 1, `file ${i + 1}`).toBeLessThanOrEqual(1_000);
    expect(groups.map((g) => g.map((x) => [x.parent, x.children.length]))).toEqual([
      [['Security: Checkout', 999]],
      [['Security: Checkout (continued)', 999]],
      [
        ['Security: Checkout (continued)', 504],
        ['Security: Profile', 4],
        ['Decide: Unplaced threat', 0],
      ],
    ]);
    // Every item appears once. Checkout: 2,500 + Decide items for t2 and t10; Profile: t3, t5, t11, t12.
    const children = groups.flat().flatMap((g) => g.children);
    expect(children).toHaveLength(2_500 + 2 + 4);
    expect(new Set(children).size).toBe(children.length);
  });

  it('honours a smaller row limit', () => {
    const { files } = exportAzureDevOps(checkoutSession(), { now: NOW, maxRowsPerFile: 4 });
    const groups = files.map((f) => {
      const rows = parseCsv(f.content).slice(1);
      expect(rows.length).toBeLessThanOrEqual(4);
      return hierarchy(rows);
    });
    expect(groups.flat().flatMap((g) => g.children)).toHaveLength(9);
    expect(groups.flat().every((g) => g.parent.startsWith('Security: ') || g.children.length === 0)).toBe(true);
  });
});
