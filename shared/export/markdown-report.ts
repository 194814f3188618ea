/**
 * The Markdown report: session summary, each journey (steps in flow order with their threats,
 * then threats on flows), security outcomes, mitigations, accepted risks (overdue reviews
 * flagged) and the ranked backlog with the numbers behind each rank.
 *
 * All user text is escaped (description.ts): `<`, `>` and `&` become entities, so no raw HTML
 * passes through, inline markup characters are backslashed, and block markers at the start of a
 * line (`#`, `>`, `-`, `+`, `=`, `1.`) are neutralized. Each journey's picture is an SVG file
 * beside the report when `pictures` is set (the app sets it; the CLI writes the text alone).
 */
import { ITEM_STATUS_LABELS, localIsoDate, oneLine, PRIORITY_EDGES, type BacklogItem } from '../backlog.ts';
import type { Flow, SessionDocument, Step, Threat } from '../schema.ts';
import { journeySvg } from '../journey-svg.ts';
import { launchReadiness, riskMatrix } from '../insights.ts';
import { riskOf, severityOf, SEVERITY_LABELS, severities, isOpen, threatSeverity } from '../scoring.ts';
import { stepKindInfo } from '../step-kinds.ts';
import { withoutPlaceholders } from '../threat-ops.ts';
import { DEFANG_NOTE, escapeMarkdownInline as md, hasDefangedText, markdownParagraphs } from './description.ts';
import { emptyStats, fileStem, resolveBacklog, type ExportOptions, type ExportResult } from './format.ts';
import { makeSummary } from './summary.ts';

function text(value: string): string {
  return md(oneLine(value));
}

/**
 * Steps in the order a person walks the journey: breadth-first from the steps nothing flows into
 * (start steps first, then left to right), following flows in document order; steps no flow
 * reaches follow by position. Linear in steps + flows.
 */
export function stepsInFlowOrder(steps: readonly Step[], flows: readonly Flow[]): Step[] {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const outgoing = new Map<string, string[]>();
  const hasIncoming = new Set<string>();
  for (const flow of flows) {
    if (!byId.has(flow.source) || !byId.has(flow.target)) continue;
    let list = outgoing.get(flow.source);
    if (!list) outgoing.set(flow.source, (list = []));
    list.push(flow.target);
    if (flow.source !== flow.target) hasIncoming.add(flow.target);
  }
  const byPosition = (a: Step, b: Step) =>
    Number(b.kind === 'start') - Number(a.kind === 'start') || a.position.x - b.position.x || a.position.y - b.position.y;
  const roots = steps.filter((s) => !hasIncoming.has(s.id)).sort(byPosition);
  const rest = [...steps].sort(byPosition);
  const seen = new Set<string>();
  const order: Step[] = [];
  const walk = (start: Step) => {
    if (seen.has(start.id)) return;
    seen.add(start.id);
    const queue = [start];
    for (let head = 0; head < queue.length; head++) {
      const step = queue[head]!;
      order.push(step);
      for (const targetId of outgoing.get(step.id) ?? []) {
        if (seen.has(targetId)) continue;
        seen.add(targetId);
        queue.push(byId.get(targetId)!);
      }
    }
  };
  for (const root of roots) walk(root);
  for (const step of rest) walk(step); // cycles with no entry point
  return order;
}

function riskText(risk: number | null): string {
  return risk === null ? 'not scored yet' : `risk ${risk} (${SEVERITY_LABELS[severityOf(risk)]})`;
}

function threatLine(threat: Threat): string {
  const parts = [riskText(riskOf(threat)), `${text(threat.category.framework)}/${text(threat.category.key)}`, text(threat.status)];
  if (threat.votes > 0) parts.push(`${threat.votes} vote${threat.votes === 1 ? '' : 's'}`);
  return `**${text(threat.title)}** — ${parts.join(', ')}`;
}

/** One backlog item: its title, priority and why-line, then its threat sentence and criteria. */
function backlogLine(item: BacklogItem, marker: string): string[] {
  const facts: string[] = item.section === 'not-scored' ? [] : [item.priority];
  facts.push(text(item.why));
  if (item.kind === 'mitigation') facts.push(ITEM_STATUS_LABELS[item.status]);
  if (item.owner) facts.push(`owner ${text(item.owner)}`);
  const lines = [`${marker} **${text(item.title)}** — ${facts.join(' · ')}`];
  const sentence = item.threats.find((t) => t.statement)?.statement;
  if (sentence) lines.push(`   - ${text(sentence)}`);
  for (const outcome of item.outcomes) lines.push(`   - The user must be able to trust: “${text(outcome.statement)}”`);
  for (const criterion of item.acceptanceCriteria) lines.push(`   - [ ] ${text(criterion)}`);
  lines.push(`   - ref ${item.ref}`);
  return lines;
}

export function markdownReport(session: SessionDocument, options: ExportOptions = {}): string {
  // Untouched "New threat" placeholders are nobody's work yet: no export shows them.
  const doc = withoutPlaceholders(session);
  const backlog = resolveBacklog(doc, options);
  const now = options.now ?? new Date();
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);

  push(`# Threatstorm report: ${text(doc.session.title)}`, '');
  const meta = [`Exported ${localIsoDate(now)}`];
  if (doc.session.product.trim()) meta.unshift(`Product: ${text(doc.session.product)}`);
  push(meta.join(' · '), '');
  if (doc.session.description.trim()) push(markdownParagraphs(doc.session.description), '');

  // Summary --------------------------------------------------------------------------------
  const openThreats = doc.threats.filter(isOpen);
  const unscoredOpen = openThreats.filter((t) => threatSeverity(t) === null).length;
  const bySeverity = [
    ...severities
      .slice()
      .reverse()
      .map((s) => `${SEVERITY_LABELS[s]} ${openThreats.filter((t) => threatSeverity(t) === s).length}`),
    ...(unscoredOpen > 0 ? [`not scored ${unscoredOpen}`] : []),
  ].join(', ');
  const byPriority = (['P1', 'P2', 'P3', 'P4'] as const).map((p) => `${p} ${backlog.items.filter((i) => i.priority === p).length}`).join(', ');
  const overdue = backlog.accepted.filter((a) => a.overdue).length;
  push('## Summary', '');
  push(`- Journeys: ${doc.journeys.length} (${doc.journeys.filter((j) => j.critical).length} critical)`);
  push(`- Steps: ${doc.steps.length}`);
  push(`- Threats: ${doc.threats.length}, ${openThreats.length} open (${bySeverity})`);
  push(`- Security outcomes: ${doc.outcomes.length}`);
  push(`- Mitigations: ${doc.mitigations.length} (${backlog.closed.length} done or won't do)`);
  push(`- Backlog items: ${backlog.items.length} (${byPriority}); ${backlog.belowThreshold.length} below the threshold, ${backlog.notScored.length} not scored yet`);
  push(`- Accepted risks: ${backlog.accepted.length}${overdue > 0 ? ` (**${overdue} overdue for review**)` : ''}`, '');

  // Journeys -------------------------------------------------------------------------------
  const stepsByJourney = new Map<string, Step[]>();
  for (const step of doc.steps) {
    let list = stepsByJourney.get(step.journeyId);
    if (!list) stepsByJourney.set(step.journeyId, (list = []));
    list.push(step);
  }
  const flowsByJourney = new Map<string, Flow[]>();
  for (const flow of doc.flows) {
    let list = flowsByJourney.get(flow.journeyId);
    if (!list) flowsByJourney.set(flow.journeyId, (list = []));
    list.push(flow);
  }
  const threatsByAnchor = new Map<string, Threat[]>();
  const unanchored: Threat[] = [];
  for (const threat of doc.threats) {
    if (!threat.anchor) {
      unanchored.push(threat);
      continue;
    }
    const key = `${threat.anchor.type}:${threat.anchor.id}`;
    let list = threatsByAnchor.get(key);
    if (!list) threatsByAnchor.set(key, (list = []));
    list.push(threat);
  }
  const stepById = new Map(doc.steps.map((s) => [s.id, s]));
  const stepName = (id: string) => text(stepById.get(id)?.label ?? '') || '(unnamed step)';

  // Insights --------------------------------------------------------------------------------
  const readiness = launchReadiness(doc, { now: options.now ?? new Date() });
  if (readiness.length > 0) {
    push('## Launch readiness', '');
    for (const journey of readiness) {
      push(`- **${text(journey.name)}: ${journey.ready ? 'Ready' : 'Not ready'}**`);
      for (const reason of journey.reasons) push(`  * ${text(reason.message)}`);
    }
    push('');
  }
  const matrix = riskMatrix(doc, { openOnly: true });
  push('## Risk matrix (open threats)', '');
  push('| Likelihood \\ Impact | 1 | 2 | 3 | 4 | 5 |', '| --- | --- | --- | --- | --- | --- |');
  for (let likelihood = 5; likelihood >= 1; likelihood--) {
    const row = matrix.cells[likelihood - 1]!.map((cell) => (cell.count > 0 ? String(cell.count) : '·'));
    push(`| ${likelihood} | ${row.join(' | ')} |`);
  }
  push('');

  push('## Journeys', '');
  for (const journey of doc.journeys) {
    push(`### ${text(journey.name)}${journey.critical ? ' (critical journey)' : ''}`, '');
    const facts: string[] = [];
    if (journey.persona.trim()) facts.push(`Persona: ${text(journey.persona)}`);
    if (journey.goal.trim()) facts.push(`Goal: ${text(journey.goal)}`);
    if (facts.length > 0) push(facts.join(' · '), '');
    if (options.pictures) push(`![The journey ${text(journey.name)}](${pictureName(doc, journey.id)})`, '');
    const steps = stepsInFlowOrder(stepsByJourney.get(journey.id) ?? [], flowsByJourney.get(journey.id) ?? []);
    if (steps.length === 0) push('No steps yet.', '');
    steps.forEach((step, i) => {
      const data = step.dataTags.length > 0 ? ` — handles ${step.dataTags.map(text).join(', ')}` : '';
      push(`${i + 1}. **${text(step.label) || '(unnamed step)'}** (${stepKindInfo(step.kind).name})${data}`);
      for (const threat of threatsByAnchor.get(`step:${step.id}`) ?? []) push(`   - Threat: ${threatLine(threat)}`);
    });
    if (steps.length > 0) push('');
    const flowThreats = (flowsByJourney.get(journey.id) ?? []).filter((f) => threatsByAnchor.has(`flow:${f.id}`));
    if (flowThreats.length > 0) {
      push('Between steps:', '');
      for (const flow of flowThreats) {
        const label = flow.label.trim() ? ` (${text(flow.label)})` : '';
        const boundary = flow.crossesTrustBoundary ? ', crosses a trust boundary' : '';
        push(`- **${stepName(flow.source)} → ${stepName(flow.target)}**${label}${boundary}`);
        for (const threat of threatsByAnchor.get(`flow:${flow.id}`) ?? []) push(`  - Threat: ${threatLine(threat)}`);
      }
      push('');
    }
  }
  if (unanchored.length > 0) {
    push('### Threats not placed on a journey', '');
    for (const threat of unanchored) push(`- ${threatLine(threat)}`);
    push('');
  }

  // Outcomes -------------------------------------------------------------------------------
  const journeyName = new Map(doc.journeys.map((j) => [j.id, j.name]));
  const threatTitle = new Map(doc.threats.map((t) => [t.id, t.title]));
  push('## Security outcomes', '');
  if (doc.outcomes.length === 0) push('None recorded yet.', '');
  for (const outcome of doc.outcomes) {
    const step = stepById.get(outcome.stepId);
    const where = step ? ` — ${text(journeyName.get(step.journeyId) ?? '')} › ${stepName(step.id)}` : '';
    const threats = outcome.threatIds.map((id) => text(threatTitle.get(id) ?? id));
    push(`- “${text(outcome.statement)}”${where} (${text(outcome.status)})${threats.length > 0 ? `; endangered by ${threats.join(', ')}` : ''}`);
    for (const criterion of outcome.acceptanceCriteria) push(`  - [ ] ${text(criterion)}`);
  }
  if (doc.outcomes.length > 0) push('');

  // Mitigations ----------------------------------------------------------------------------
  push('## Mitigations', '');
  if (doc.mitigations.length === 0) push('None planned yet.', '');
  for (const m of doc.mitigations) {
    const facts = [text(m.status), `effort ${m.effort}`];
    if (m.owner.trim()) facts.push(`owner ${text(m.owner)}`);
    if (m.externalKey) facts.push(`tracked as ${text(m.externalKey)}`);
    const threats = m.threatIds.map((id) => text(threatTitle.get(id) ?? id));
    push(`- **${text(m.title)}** — ${facts.join(', ')}${threats.length > 0 ? `; against ${threats.join(', ')}` : ''}`);
  }
  if (doc.mitigations.length > 0) push('');

  // Accepted risks -------------------------------------------------------------------------
  push('## Accepted risks', '');
  if (backlog.accepted.length === 0) push('None.', '');
  for (const a of backlog.accepted) {
    const flags = a.overdue ? ' **OVERDUE for review**' : a.recorded ? '' : ' **no owner or review date recorded**';
    const facts = [riskText(a.risk)];
    if (a.owner) facts.push(`owner ${text(a.owner)}`);
    if (a.reviewDate) facts.push(`review by ${a.reviewDate}`);
    const where = a.place ? ` — ${text(a.place.journeyName)} › ${text(a.place.label)}` : '';
    push(`- **${text(a.title)}**${flags} — ${facts.join(', ')}${where}`);
    if (a.reason) push(`  - Reason: ${text(a.reason)}`);
  }
  if (backlog.accepted.length > 0) push('');

  // Backlog --------------------------------------------------------------------------------
  push('## Prioritized backlog', '');
  if (backlog.items.length === 0) push('Nothing to do: no open mitigations and no undecided threats.', '');
  for (const item of backlog.items) push(...backlogLine(item, `${item.rank}.`));
  if (backlog.items.length > 0) push('');
  push(
    `How it is ranked: the highest open risk (likelihood × impact) of an item's threats, ×1.5 on a critical journey and ×(1 + 0.1 per vote, at most 10 counted), gives its priority: P1 from ${PRIORITY_EDGES.P1}, P2 from ${PRIORITY_EDGES.P2}, P3 from ${PRIORITY_EDGES.P3}, else P4. Within a priority, the work that removes the most risk per unit of effort comes first. A facilitator may move an item; its line says so.`,
    '',
  );
  push(`### Below the backlog threshold (${backlog.belowThreshold.length})`, '');
  push(`Open threats with a risk below ${backlog.threshold} wait here; the threshold is a setting of the session.`, '');
  for (const item of backlog.belowThreshold) push(...backlogLine(item, '-'));
  if (backlog.belowThreshold.length > 0) push('');
  push(`### Not scored yet (${backlog.notScored.length})`, '');
  push('Threats nobody has scored have no risk to rank by: score their likelihood and impact.', '');
  for (const item of backlog.notScored) push(...backlogLine(item, '-'));
  if (backlog.notScored.length > 0) push('');
  return `${out.join('\n')}\n`;
}

/** The file name of a journey's picture beside the report. */
export function pictureName(doc: SessionDocument, journeyId: string): string {
  const index = doc.journeys.findIndex((j) => j.id === journeyId);
  return `${fileStem(doc)}-journey-${index + 1}.svg`;
}

/** The report plus one SVG picture per journey (referenced from the report). */
export function exportMarkdownReport(doc: SessionDocument, options: ExportOptions = {}): ExportResult {
  const backlog = resolveBacklog(doc, options);
  const pictures = options.pictures ?? false;
  const content = markdownReport(doc, { ...options, backlog, pictures });
  const stats = emptyStats();
  stats.rows = backlog.items.length;
  const files = [{ name: `${fileStem(doc)}-report.md`, content, mime: 'text/markdown;charset=utf-8' }];
  if (pictures) {
    const total = doc.journeys.length;
    doc.journeys.forEach((journey, i) => {
      files.push({ name: pictureName(doc, journey.id), content: journeySvg(doc, journey.id), mime: 'image/svg+xml' });
      options.onProgress?.(i + 1, total);
    });
  }
  const notes = hasDefangedText(content) ? [DEFANG_NOTE] : [];
  if (pictures && doc.journeys.length > 0) notes.unshift('Keep the journey pictures (.svg) beside the report: it shows them from there.');
  return { files, stats, summary: makeSummary('Markdown report', { items: backlog.items.length, files }, notes) };
}
