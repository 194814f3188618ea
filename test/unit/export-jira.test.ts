import { describe, expect, it } from 'vitest';
import { deriveBacklog } from '../../shared/backlog.ts';
import { mitigationSuggestions } from '../../shared/card-suggestions.ts';
import { findCard } from '../../shared/decks/index.ts';
import { escapeJiraWiki } from '../../shared/export/description.ts';
import { exportJira, exportJiraFlat } from '../../shared/export/jira-csv.ts';
import { cellsStartingWithTrigger, checkoutSession, EXPECTED_ORDER, hostileSession, parseCsv } from './export-fixture.ts';

const NOW = new Date(2026, 5, 15, 12);

function table(content: string) {
  const [header, ...rows] = parseCsv(content);
  const col = (name: string) => header!.indexOf(name);
  return { header: header!, rows, col };
}

describe('Jira CSV (admin importer)', () => {
  it('has the importer columns with one Labels column per label', () => {
    const { files, stats } = exportJira(checkoutSession(), { now: NOW });
    expect(files).toHaveLength(1);
    expect(files[0]!.name).toBe('checkout-review-jira.csv');
    expect(files[0]!.mime).toBe('text/csv;charset=utf-8');
    const { header } = table(files[0]!.content);
    expect(header).toEqual(['Issue ID', 'Issue Type', 'Summary', 'Priority', 'Labels', 'Labels', 'Labels', 'Labels', 'Labels', 'Description', 'Parent']);
    expect(stats).toEqual({ rows: 12, neutralized: 0, truncated: 0, altered: 0 });
    expect(files[0]!.content.split('\r\n')[0]).toBe('Issue ID,Issue Type,Summary,Priority,Labels,Labels,Labels,Labels,Labels,Description,Parent');
  });

  it('puts journey Epics before their children, children in rank order pointing at their Epic', () => {
    const { rows, col } = table(exportJira(checkoutSession(), { now: NOW }).files[0]!.content);
    const types = rows.map((r) => r[col('Issue Type')]);
    expect(types.slice(0, 2)).toEqual(['Epic', 'Epic']);
    expect(types.slice(2).every((t) => t === 'Story' || t === 'Task')).toBe(true);

    const byId = new Map(rows.map((r, i) => [r[col('Issue ID')]!, i]));
    for (const [i, row] of rows.entries()) {
      const parent = row[col('Parent')]!;
      if (!parent) continue;
      expect(byId.get(parent)!).toBeLessThan(i);
      expect(rows[byId.get(parent)!]![col('Issue Type')]).toBe('Epic');
    }
    expect(rows.map((r) => r[col('Summary')])).toEqual([
      'Security: Checkout',
      'Security: Profile',
      'Do: Tokenize card entry — Card skimming at Enter card → Payment processor (card details) (+1 more)',
      'Do: Bind session to device — Session hijack at Enter card',
      'Decide: Data linkability at Accounts DB',
      'Decide: Processor spoofing at Payment processor',
      'Do: Sign profile changes — Profile tampering at Edit profile',
      'Decide: Unplaced threat',
      'Do: Rate-limit lookups — Profile enumeration at Accounts DB',
      'Do: Tie A — Weak password at Edit profile',
      'Do: Tie B — Weak password at Edit profile',
      'Do: Patch old bug — Old bug at Enter card',
    ]);
    const items = deriveBacklog(checkoutSession(), { now: NOW }).items;
    expect(items.map((i) => i.key)).toEqual(EXPECTED_ORDER);
    // Checkout epic is 1, Profile 2; the unplaced Decide item has no parent.
    expect(rows.map((r) => r[col('Parent')])).toEqual(['', '', '1', '1', '2', '1', '2', '', '2', '2', '2', '1']);
    expect(rows.map((r) => r[col('Issue Type')]).slice(2)).toEqual(['Story', 'Story', 'Task', 'Task', 'Story', 'Task', 'Story', 'Story', 'Story', 'Story']);
  });

  it('maps P1–P4 to Jira priority names and spreads slugged labels over the Labels columns', () => {
    const { header, rows, col } = table(exportJira(checkoutSession(), { now: NOW }).files[0]!.content);
    // The rank order reads top-down in priority: Highest, then High, Medium, Low (epics first).
    expect(rows.map((r) => r[col('Priority')])).toEqual(['Highest', 'High', 'Highest', 'High', 'High', 'High', 'High', 'Medium', 'Medium', 'Low', 'Low', 'Low']);
    const labelIdx = header.flatMap((h, i) => (h === 'Labels' ? [i] : []));
    const labels = (row: string[]) => labelIdx.map((i) => row[i]).filter(Boolean);
    expect(labels(rows[0]!)).toEqual(['security', 'journey-checkout', 'critical-journey']);
    expect(labels(rows[2]!)).toEqual(['security', 'journey-checkout', 'severity-critical', 'stride-information-disclosure', 'stride-tampering']);
    for (const row of rows) for (const label of labels(row)) expect(label).toMatch(/^[\p{L}\p{N}][\p{L}\p{N}-]*$/u);
  });

  it('writes the description in Jira wiki markup: the work, the threat, the outcome, its criteria, why, and a reference', () => {
    const { rows, col } = table(exportJira(checkoutSession(), { now: NOW }).files[0]!.content);
    const description = rows[2]![col('Description')]!;
    expect(description).toBe(
      [
        'h3. What to do',
        'Use the processor’s hosted fields.',
        'Owner: Bo · Effort: M (medium) · Status: Planned',
        'h3. Threats it addresses',
        '* *Card skimming* — Critical risk · Checkout › Enter card → Payment processor (card details)\n' +
          '** A malicious script injected into the checkout page can read the card number, which leads to card fraud, resulting in reduced confidentiality of card data.\n' +
          '* *Old bug* — Critical risk · mitigated · Checkout › Enter card',
        'h3. What the user must be able to trust',
        '* “Only the shop I pay can see my card” (Checkout › Payment processor)',
        'h3. Acceptance criteria',
        '* Card number never stored by us\n* Checkout page loads no third\\-party script',
        'h3. Priority P1',
        'Critical risk on a critical journey · 3 votes · medium effort',
        `From the Threatstorm session “Checkout review” · ref ${deriveBacklog(checkoutSession(), { now: NOW }).items[0]!.ref}`,
      ].join('\n\n'),
    );
  });

  it('labels a Decide item as a decision, with the card’s suggestions, and no internal ids or arithmetic', () => {
    const doc = checkoutSession();
    doc.threats.find((t) => t.id === 't5')!.cardId = 'linddun-linking-joining-the-dots';
    const suggestions = mitigationSuggestions(doc.threats, findCard);
    const { rows, col } = table(exportJira(doc, { now: NOW, suggestions }).files[0]!.content);
    const row = rows.find((r) => r[col('Summary')] === 'Decide: Data linkability at Accounts DB')!;
    expect(row[col('Issue Type')]).toBe('Task');
    const description = row[col('Description')]!;
    expect(description).toContain('h3. Decision needed\n\nNo mitigation is planned for this threat yet.');
    const card = findCard('linddun-linking-joining-the-dots')!;
    expect(description).toContain(`h3. Mitigations the threat card suggests\n\n* ${escapeJiraWiki(card.suggestedMitigations[0]!)}`);
    expect(description).toContain('h3. Priority P2\n\nHigh risk · needs a decision');
    for (const cell of rows.flat()) {
      expect(cell).not.toMatch(/decide:|mitigation:|to\\?-decide|score \d|÷|rank \d+ at export/);
    }
  });

  it('escapes wiki markup in user text and keeps every cell formula-safe', () => {
    const { files, stats } = exportJira(hostileSession(), { now: NOW });
    const rows = parseCsv(files[0]!.content);
    expect(cellsStartingWithTrigger(rows)).toEqual([]);
    const { col } = table(files[0]!.content);
    const summaries = rows.slice(1).map((r) => r[col('Summary')]!);
    // Titles start with "Do:" or "Decide:", so a hostile mitigation title no longer starts a cell.
    const where = ' — Card skimming at Enter card → Payment processor (card details)';
    expect(summaries).toContain(`Do: =HYPERLINK("http://evil.example","click")${where}`);
    expect(summaries).toContain(`Do: +1+2${where}`);
    expect(summaries).toContain(`Do: $(rm -rf ~)${where}`);
    expect(stats.neutralized).toBe(0);
    const description = rows.find((r) => r[col('Summary')] === `Do: <script>alert(1)</script>${where}`)![col('Description')]!;
    expect(description).toContain('line one\n\n=2\\+2\n\n\\- dash line');
    expect(description).not.toMatch(/^-/m);
    expect(escapeJiraWiki('{html}<b>x</b>{html} [link|javascript:x] !img.png! a|b *b* _i_ C:\\temp')).toBe(
      '\\{html\\}<b>x</b>\\{html\\} \\[link\\|javascript:x\\] \\!img.png\\! a\\|b \\*b\\* \\_i\\_ C:⧵temp',
    );
  });

  it('never lets a description line start a wiki heading or quote', () => {
    const doc = checkoutSession();
    doc.mitigations[0]!.description = 'h1. Big\nbq. quoted';
    const { rows, col } = table(exportJira(doc, { now: NOW }).files[0]!.content);
    const description = rows.find((r) => r[col('Summary')]!.startsWith('Do: Tokenize card entry'))![col('Description')]!;
    expect(description).toContain('\u200Bh1. Big\n\n\u200Bbq. quoted');
    expect(description).not.toMatch(/^h1\./m);
  });
});

describe('Jira CSV (flat)', () => {
  it('has no hierarchy: no Epics, no Issue ID or Parent, items in rank order', () => {
    const { files, stats } = exportJiraFlat(checkoutSession(), { now: NOW });
    expect(files[0]!.name).toBe('checkout-review-jira-flat.csv');
    const [header, ...rows] = parseCsv(files[0]!.content);
    expect(header).toEqual(['Summary', 'Issue Type', 'Priority', 'Labels', 'Labels', 'Labels', 'Labels', 'Labels', 'Description']);
    expect(rows).toHaveLength(10);
    expect(stats.rows).toBe(10);
    expect(rows.map((r) => r[1])).not.toContain('Epic');
    expect(rows[0]![0]).toMatch(/^Do: Tokenize card entry — /);
    expect(rows[0]!.slice(3, 8)).toContain('journey-checkout');
  });

  it('reuses a backlog the caller already derived', () => {
    const doc = checkoutSession();
    const backlog = deriveBacklog(doc, { now: NOW });
    backlog.items = backlog.items.slice(0, 2);
    const [, ...rows] = parseCsv(exportJiraFlat(doc, { backlog }).files[0]!.content);
    expect(rows.map((r) => r[0]!.split(' — ')[0])).toEqual(['Do: Tokenize card entry', 'Do: Bind session to device']);
  });
});
