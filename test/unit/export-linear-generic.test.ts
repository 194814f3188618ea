import { describe, expect, it } from 'vitest';
import { UTF8_BOM } from '../../shared/export/csv-safety.ts';
import { exportGenericCsv, GENERIC_HEADER } from '../../shared/export/generic-csv.ts';
import { exportLinear } from '../../shared/export/linear-csv.ts';
import { cellsStartingWithTrigger, checkoutSession, EXPECTED_ORDER, HOSTILE_TITLES, hostileSession, parseCsv } from './export-fixture.ts';

const NOW = new Date(2026, 5, 15, 12);

describe('Linear CSV', () => {
  it('has Title, Description, Priority, Labels, Status in rank order', () => {
    const { files, stats } = exportLinear(checkoutSession(), { now: NOW });
    expect(files[0]!.name).toBe('checkout-review-linear.csv');
    const [header, ...rows] = parseCsv(files[0]!.content);
    expect(header).toEqual(['Title', 'Description', 'Priority', 'Labels', 'Status']);
    expect(stats.rows).toBe(10);
    expect(rows[0]!.slice(2)).toEqual(['Urgent', 'security, journey-checkout, severity-critical, stride-information-disclosure, stride-tampering', 'Todo']);
    expect(rows.map((r) => r[2])).toEqual(['Urgent', 'High', 'High', 'High', 'High', 'Medium', 'Medium', 'Low', 'Low', 'Low']);
    expect(rows.map((r) => r[4])).toEqual(['Todo', 'Backlog', 'Backlog', 'Backlog', 'In Progress', 'Backlog', 'Backlog', 'Backlog', 'Backlog', 'Backlog']);
  });

  it('writes a Markdown description with a checklist and no line starting with "-"', () => {
    const [, first] = parseCsv(exportLinear(checkoutSession(), { now: NOW }).files[0]!.content);
    const md = first![1]!;
    expect(md.startsWith('### What to do\n')).toBe(true);
    expect(md).toContain('* **Card skimming** — Critical risk · Checkout › Enter card → Payment processor (card details)');
    expect(md).toContain('### Priority P1\n\nCritical risk on a critical journey · 3 votes · medium effort');
    expect(md).toContain('### Acceptance criteria\n\n* [ ] Card number never stored by us\n* [ ] Checkout page loads no third-party script');
    expect(md).not.toMatch(/^\s*-/m);
  });

  it('escapes Markdown and HTML in user text and stays formula-safe', () => {
    const { files } = exportLinear(hostileSession(), { now: NOW });
    const rows = parseCsv(files[0]!.content);
    expect(cellsStartingWithTrigger(rows)).toEqual([]);
    const script = rows.find((r) => r[0]!.startsWith('Do: <script>alert(1)</script> — '))!;
    expect(script[1]).not.toContain('<script>');
    expect(script[1]).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; "quoted"');
    expect(script[1]).toContain('* [ ] \\-starts with a dash');
    expect(script[1]).toContain('line one\n\n\\=2+2\n\n\\- dash line');
  });
});

describe('generic CSV', () => {
  it('is UTF-8 with a BOM and has the documented columns', () => {
    const { files } = exportGenericCsv(checkoutSession(), { now: NOW });
    expect(files[0]!.name).toBe('checkout-review-backlog.csv');
    expect(files[0]!.content.startsWith(`${UTF8_BOM}ID,Parent ID,Type,`)).toBe(true);
    const [header] = parseCsv(files[0]!.content);
    expect(header).toEqual([...GENERIC_HEADER]);
    expect(header).toEqual(['ID', 'Parent ID', 'Type', 'Journey', 'Step', 'Title', 'Priority', 'Rank', 'Risk', 'Labels', 'Description', 'Acceptance Criteria', 'Status', 'Owner']);
  });

  it('lists journeys first, then items in rank order pointing at their journey', () => {
    const { files, stats } = exportGenericCsv(checkoutSession(), { now: NOW });
    const [, ...rows] = parseCsv(files[0]!.content);
    expect(stats.rows).toBe(12);
    expect(rows.map((r) => r[0])).toEqual(['journey:j1', 'journey:j2', ...EXPECTED_ORDER]);
    expect(rows.map((r) => r[1])).toEqual(['', '', 'journey:j1', 'journey:j1', 'journey:j2', 'journey:j1', 'journey:j2', '', 'journey:j2', 'journey:j2', 'journey:j2', 'journey:j1']);
    const m1 = rows[2]!;
    expect(m1).toEqual([
      'mitigation:m1',
      'journey:j1',
      'Mitigation',
      'Checkout',
      'Enter card → Payment processor (card details); Enter card',
      'Do: Tokenize card entry — Card skimming at Enter card → Payment processor (card details) (+1 more)',
      'P1',
      '1',
      '20',
      'security, journey-checkout, severity-critical, stride-information-disclosure, stride-tampering',
      expect.stringContaining('What to do:\n\nUse the processor’s hosted fields.'),
      '* Card number never stored by us\n* Checkout page loads no third-party script',
      'Planned',
      'Bo',
    ]);
    expect(m1[10]).toContain('* Card skimming — Critical risk · Checkout › Enter card → Payment processor (card details)');
    expect(m1[10]).not.toMatch(/^-/m);
    expect(rows[4]!.slice(2, 4)).toEqual(['Decision', 'Profile']);
  });

  it('round-trips hostile text through csv-parse with only the neutralizing quote added', () => {
    const { files, stats } = exportGenericCsv(hostileSession(), { now: NOW });
    const rows = parseCsv(files[0]!.content);
    expect(cellsStartingWithTrigger(rows)).toEqual([]);
    const titles = rows.map((r) => r[5]);
    for (const original of HOSTILE_TITLES) {
      const title = original.replace(/\s+/g, ' ').trim(); // titles are one line
      expect(titles).toContain(`Do: ${title} — Card skimming at Enter card → Payment processor (card details)`);
    }
    const journeyRow = rows.find((r) => r[0] === 'journey:j1')!;
    expect(journeyRow[3]).toBe("'@Checkout <journey>");
    const criteria = rows.find((r) => r[5]!.startsWith('Do: $(rm -rf ~) — '))![11]!;
    expect(criteria).toBe(`* -starts with a dash\n* <b>bold</b> & "quoted"\n* =cmd|' /C calc'!A0`);
    // The journey's name starts a cell in the journey row and in every row on the journey.
    expect(stats.neutralized).toBeGreaterThanOrEqual(5);
  });
});
