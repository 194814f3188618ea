import { describe, expect, it } from 'vitest';
import { escapeMarkdownInline, markdownParagraphs } from '../../shared/export/description.ts';
import { exportMarkdownReport, markdownReport, stepsInFlowOrder } from '../../shared/export/markdown-report.ts';
import { checkoutSession, hostileSession } from './export-fixture.ts';

const NOW = new Date(2026, 5, 15, 12);

function section(report: string, heading: string): string {
  const start = report.indexOf(`\n## ${heading}\n`);
  expect(start, heading).toBeGreaterThan(-1);
  const end = report.indexOf('\n## ', start + 1);
  return report.slice(start, end === -1 ? undefined : end);
}

describe('Markdown report', () => {
  const report = markdownReport(checkoutSession(), { now: NOW });

  it('opens with the session and a summary', () => {
    expect(report.startsWith('# Threatstorm report: Checkout review\n\nProduct: Shop · Exported 2026-06-15\n\nWorkshop on the checkout.\n')).toBe(true);
    const summary = section(report, 'Summary');
    expect(summary).toContain('- Journeys: 2 (1 critical)');
    expect(summary).toContain('- Threats: 12, 9 open (Critical 1, High 4, Medium 3, Low 1)');
    expect(summary).toContain('- Backlog items: 10 (P1 1, P2 4, P3 2, P4 3); 0 below the threshold, 0 not scored yet');
    expect(summary).toContain('- Accepted risks: 2 (**1 overdue for review**)');
  });

  it('walks each journey in flow order with the threats on steps and flows', () => {
    const journeys = section(report, 'Journeys');
    expect(journeys).toContain(
      [
        '### Checkout (critical journey)',
        '',
        'Persona: Shopper · Goal: Pay for the cart',
        '',
        '1. **Open cart** (Start)',
        '2. **Enter card** (User action)',
        '   - Threat: **Session hijack** — risk 12 (High), STRIDE/spoofing, open',
        '   - Threat: **Old bug** — risk 25 (Critical), STRIDE/tampering, mitigated, 5 votes',
        '3. **Payment processor** (Third party)',
        '   - Threat: **Processor spoofing** — risk 10 (High), STRIDE/spoofing, open',
        '',
        'Between steps:',
        '',
        '- **Enter card → Payment processor** (card details), crosses a trust boundary',
        '  - Threat: **Card skimming** — risk 20 (Critical), STRIDE/information-disclosure, open, 3 votes',
      ].join('\n'),
    );
    expect(journeys).toContain('### Threats not placed on a journey\n\n- **Vendor outage**');
  });

  it('lists outcomes, mitigations and accepted risks with overdue flags', () => {
    expect(section(report, 'Security outcomes')).toContain(
      '- “Only the shop I pay can see my card” — Checkout › Payment processor (agreed); endangered by Card skimming, Session hijack\n  - [ ] Card number never stored by us',
    );
    expect(section(report, 'Mitigations')).toContain('- **Rejected idea** — wont-do, effort M; against Processor spoofing');
    const accepted = section(report, 'Accepted risks');
    expect(accepted).toContain('- **Export reveals emails** **OVERDUE for review** — risk 6 (Medium), owner Ana, review by 2026-01-01 — Profile › Accounts DB\n  - Reason: Internal tool only');
    expect(accepted).toContain('- **Vendor outage** — risk 6 (Medium), owner Bo, review by 2026-12-31');
  });

  it('ends with the ranked backlog: each item with its priority, why, threat, outcome and criteria', () => {
    const backlog = section(report, 'Prioritized backlog');
    expect(backlog).toContain(
      '1. **Do: Tokenize card entry — Card skimming at Enter card → Payment processor (card details) (+1 more)** — P1 · Critical risk on a critical journey · 3 votes · medium effort · Planned · owner Bo\n' +
        '   - A malicious script injected into the checkout page can read the card number, which leads to card fraud, resulting in reduced confidentiality of card data.\n' +
        '   - The user must be able to trust: “Only the shop I pay can see my card”\n' +
        '   - [ ] Card number never stored by us\n' +
        '   - [ ] Checkout page loads no third-party script\n' +
        '   - ref M',
    );
    expect(backlog).toContain('5. **Do: Sign profile changes — Profile tampering at Edit profile** — P2 · Medium risk · 12 votes · large effort · In progress');
    expect(backlog.indexOf('10. **Do: Patch old bug')).toBeGreaterThan(backlog.indexOf('9. **Do: Tie B'));
    // The list reads top-down: no item has a higher priority than the one above it.
    const priorities = [...backlog.matchAll(/^\d+\. \*\*.*?\*\* — (P\d)/gm)].map((m) => m[1]);
    expect(priorities).toEqual(['P1', 'P2', 'P2', 'P2', 'P2', 'P3', 'P3', 'P4', 'P4', 'P4']);
    expect(backlog).toContain('### Below the backlog threshold (0)\n\nOpen threats with a risk below 5 wait here');
    expect(backlog).toContain('### Not scored yet (0)');
  });

  it('lets no raw HTML or Markdown structure through from user text', () => {
    const doc = hostileSession();
    doc.session.description = '# Not a heading\n<img src=x onerror=alert(1)>\n    indented code?\n> quote\n1. list';
    doc.steps[0]!.label = '[link](javascript:alert(1)) ![img](x)';
    const md = markdownReport(doc, { now: NOW });
    expect(md).not.toMatch(/<[a-z/!]/i);
    expect(md).toContain('\\# Not a heading\n\n&lt;img src=x onerror=alert(1)&gt;\n\nindented code?\n\n&gt; quote\n\n1\\. list');
    expect(md).toContain('\\[link\\](javascript:alert(1)) !\\[img\\](x)');
    expect(md).toContain('**&lt;script&gt;alert(1)&lt;/script&gt;**');
    expect(md).toContain('### @\u2060Checkout &lt;journey&gt; (critical journey)');
  });

  it('is one file, counting the backlog rows', () => {
    const { files, stats } = exportMarkdownReport(checkoutSession(), { now: NOW });
    expect(files.map((f) => [f.name, f.mime])).toEqual([['checkout-review-report.md', 'text/markdown;charset=utf-8']]);
    expect(stats).toEqual({ rows: 10, neutralized: 0, truncated: 0, altered: 0 });
  });

  it('adds an SVG picture per journey, referenced from the report, with user text escaped', () => {
    const doc = checkoutSession();
    const named = { ...doc, steps: doc.steps.map((s, i) => (i === 0 ? { ...s, label: '<script>alert(1)</script> & co' } : s)) };
    const { files } = exportMarkdownReport(named, { now: NOW, pictures: true });
    const svgs = files.filter((f) => f.name.endsWith('.svg'));
    expect(svgs).toHaveLength(named.journeys.length);
    for (const svg of svgs) expect(files[0]!.content).toContain(`](${svg.name})`);
    const all = svgs.map((f) => f.content).join('');
    expect(all).not.toContain('<script>');
    expect(all).toContain('&lt;script&gt;');
    expect(all.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });
});

describe('Markdown escaping', () => {
  it('escapes inline markup and block markers at the start', () => {
    expect(escapeMarkdownInline('a*b_c`d[e]f|g~h\\i')).toBe('a\\*b\\_c\\`d\\[e\\]f\\|g\\~h\\\\i');
    expect(escapeMarkdownInline('<b> & </b>')).toBe('&lt;b&gt; &amp; &lt;/b&gt;');
    expect(['- x', '+ x', '# x', '= x', '12. x', '3) x'].map(escapeMarkdownInline)).toEqual(['\\- x', '\\+ x', '\\# x', '\\= x', '12\\. x', '3\\) x']);
    expect(escapeMarkdownInline('mid - dash # hash')).toBe('mid - dash # hash');
  });

  it('turns each line of multi-line text into its own escaped paragraph', () => {
    expect(markdownParagraphs('  - a\r\n\r\n---\n===')).toBe('\\- a\n\n\\---\n\n\\===');
  });
});

describe('steps in flow order', () => {
  it('walks from the start along flows, then places unreached steps by position', () => {
    const doc = checkoutSession();
    const steps = doc.steps.filter((s) => s.journeyId === 'j1');
    expect(stepsInFlowOrder(steps, doc.flows).map((s) => s.id)).toEqual(['s1', 's2', 's3']);
    // A cycle with no entry point still lists every step once.
    const cyclic = [
      { ...steps[0]!, id: 'a', kind: 'action' as const, position: { x: 10, y: 0 } },
      { ...steps[0]!, id: 'b', kind: 'action' as const, position: { x: 0, y: 0 } },
    ];
    const flows = [
      { id: 'x', journeyId: 'j1', source: 'a', target: 'b', label: '', crossesTrustBoundary: false },
      { id: 'y', journeyId: 'j1', source: 'b', target: 'a', label: '', crossesTrustBoundary: false },
    ];
    expect(stepsInFlowOrder(cyclic, flows).map((s) => s.id)).toEqual(['b', 'a']);
  });
});
