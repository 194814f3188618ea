/**
 * Export to AWS Threat Composer (`.tc.json`, format 1), so a team can hand a session to a Threat
 * Composer user. The file validates against Threat Composer's own JSON schema:
 * - ids are exactly 36 characters: our UUID ids are kept; any other id is turned into a stable
 *   UUID-shaped id derived from it (same session, same file);
 * - Threat Composer's length limits are respected (grammar parts 200 characters, comments
 *   1,000, statement 1,400); each cut is counted in `stats.truncated`, and the full text rides
 *   along in `custom:threatstorm:*` metadata so importing the file back loses nothing;
 * - the threat grammar maps one to one, likelihood × impact becomes `Priority` (Critical and
 *   High → High; a threat not scored yet has none), a STRIDE category its `STRIDE` letter,
 *   notes become `Comments`;
 * - what Threat Composer has no field for is kept in `custom:threatstorm:*` metadata: title,
 *   category, likelihood, impact, status (with the risk acceptance), votes, the journey and the
 *   step or flow a threat sits on, the security outcomes it endangers; a mitigation's status,
 *   effort, owner and tracker key.
 * Security outcomes, steps and flows have no equivalent in Threat Composer beyond that
 * metadata; the CSV-only counter `neutralized` is always 0 (JSON needs no formula guard).
 */
import { threatSentence } from '../threat-statement.ts';
import type { Mitigation, SessionDocument, Threat } from '../schema.ts';
import { riskOf, severityOf } from '../scoring.ts';
import { strideLetterOf } from '../import/categories.ts';
import { clip } from '../import/text.ts';
import {
  TC_LIMITS,
  TO_TC_MITIGATION_STATUS,
  TO_TC_PRIORITY,
  TO_TC_THREAT_STATUS,
  TS_FULL_GRAMMAR,
  TS_META,
  type TcMetadata,
} from '../import/threat-composer-schema.ts';
import { withoutPlaceholders } from '../threat-ops.ts';
import { fileStem, type ExportOptions, type ExportResult } from './format.ts';
import { fnv1a } from './fnv1a.ts';
import { plural } from '../plural.ts';
import { makeSummary } from './summary.ts';

export const TC_MIME = 'application/json';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Stable 36-character ids: the id itself when it is a UUID, otherwise one derived from it. */
export function makeTcIds(): (id: string) => string {
  const given = new Map<string, string>();
  const used = new Set<string>();
  return (id) => {
    const known = given.get(id);
    if (known) return known;
    let out = UUID.test(id) && !used.has(id.toLowerCase()) ? id.toLowerCase() : '';
    for (let salt = 0; !out || used.has(out); salt++) {
      const hex = [1, 2, 3, 4].map((seed) => fnv1a(`${salt}:${id}`, seed * 0x9e3779b1).toString(16).padStart(8, '0')).join('');
      const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
      out = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    }
    used.add(out);
    given.set(id, out);
    return out;
  };
}

interface TcThreatOut {
  id: string;
  numericId: number;
  displayOrder: number;
  metadata: TcMetadata[];
  threatSource: string;
  prerequisites: string;
  threatAction: string;
  threatImpact: string;
  impactedGoal: string[];
  impactedAssets: string[];
  statement: string;
  status: string;
}

interface TcMitigationOut {
  id: string;
  numericId: number;
  displayOrder: number;
  metadata: TcMetadata[];
  content: string;
  status: string;
}

export function exportThreatComposer(session: SessionDocument, _options: ExportOptions = {}): ExportResult {
  // Untouched "New threat" placeholders are nobody's work yet: no export shows them.
  const doc = withoutPlaceholders(session);
  let truncated = 0;
  /** Cuts to Threat Composer's limit, counting the cut. */
  const cut = (text: string, max: number): string => {
    if (text.length <= max) return text;
    truncated += 1;
    return clip(text, max);
  };
  const tcId = makeTcIds();

  const stepById = new Map(doc.steps.map((s) => [s.id, s]));
  const flowById = new Map(doc.flows.map((f) => [f.id, f]));
  const journeyName = new Map(doc.journeys.map((j) => [j.id, j.name]));
  const outcomesByThreat = new Map<string, string[]>();
  for (const outcome of doc.outcomes) {
    for (const threatId of outcome.threatIds) {
      let list = outcomesByThreat.get(threatId);
      if (!list) outcomesByThreat.set(threatId, (list = []));
      list.push(outcome.statement);
    }
  }

  const threats: TcThreatOut[] = doc.threats.map((threat, index) => {
    const metadata: TcMetadata[] = [];
    const s = threat.statement;
    const grammar = (field: keyof typeof TS_FULL_GRAMMAR, value: string) => {
      const out = cut(value, TC_LIMITS.grammar);
      if (out !== value) metadata.push({ key: TS_FULL_GRAMMAR[field], value });
      return out;
    };
    const threatSource = grammar('threatSource', s.source);
    const prerequisites = grammar('prerequisites', s.prerequisites);
    const threatAction = grammar('threatAction', s.action);
    const threatImpact = grammar('threatImpact', s.impact);

    // A threat nobody scored has no priority in Threat Composer either (it comes back unscored).
    const risk = riskOf(threat);
    if (risk !== null) metadata.unshift({ key: 'Priority', value: TO_TC_PRIORITY[severityOf(risk)] });
    const letter = threat.category.framework === 'STRIDE' ? strideLetterOf(threat.category.key) : null;
    if (letter) metadata.push({ key: 'STRIDE', value: [letter] });
    if (threat.notes.trim()) {
      const comment = cut(threat.notes, TC_LIMITS.comment);
      metadata.push({ key: 'Comments', value: comment });
      if (comment !== threat.notes) metadata.push({ key: TS_META.notes, value: threat.notes });
    }
    metadata.push(
      { key: TS_META.title, value: threat.title },
      { key: TS_META.category, value: `${threat.category.framework}/${threat.category.key}` },
    );
    if (threat.likelihood !== null) metadata.push({ key: TS_META.likelihood, value: String(threat.likelihood) });
    if (threat.impact !== null) metadata.push({ key: TS_META.impact, value: String(threat.impact) });
    metadata.push({ key: TS_META.status, value: threat.status });
    if (threat.status === 'accepted' && threat.acceptance) {
      metadata.push(
        { key: TS_META.acceptanceOwner, value: threat.acceptance.owner },
        { key: TS_META.acceptanceReason, value: threat.acceptance.reason },
        { key: TS_META.acceptanceReviewDate, value: threat.acceptance.reviewDate },
      );
    }
    if (threat.votes > 0) metadata.push({ key: TS_META.votes, value: String(threat.votes) });
    metadata.push(...anchorMetadata(threat));
    const outcomes = outcomesByThreat.get(threat.id);
    if (outcomes) metadata.push({ key: TS_META.outcomes, value: outcomes });

    const sentence = threatSentence(s);
    return {
      id: tcId(threat.id),
      numericId: index + 1,
      displayOrder: index + 1,
      metadata,
      threatSource,
      prerequisites,
      threatAction,
      threatImpact,
      impactedGoal: s.impactedGoals.map((g) => cut(g, TC_LIMITS.grammar)),
      impactedAssets: s.impactedAssets.map((a) => cut(a, TC_LIMITS.grammar)),
      // A threat written only as a title still reads as a statement in Threat Composer.
      statement: cut(sentence || threat.title, TC_LIMITS.statement),
      status: TO_TC_THREAT_STATUS[threat.status],
    };
  });

  function anchorMetadata(threat: Threat): TcMetadata[] {
    const anchor = threat.anchor;
    if (!anchor) return [];
    if (anchor.type === 'step') {
      const step = stepById.get(anchor.id);
      if (!step) return [];
      return [
        { key: TS_META.journey, value: journeyName.get(step.journeyId) ?? '' },
        { key: TS_META.step, value: step.label },
      ];
    }
    const flow = flowById.get(anchor.id);
    if (!flow) return [];
    const from = stepById.get(flow.source)?.label ?? '?';
    const to = stepById.get(flow.target)?.label ?? '?';
    return [
      { key: TS_META.journey, value: journeyName.get(flow.journeyId) ?? '' },
      { key: TS_META.flow, value: `${from} → ${to}${flow.label ? ` (${flow.label})` : ''}` },
    ];
  }

  const mitigations: TcMitigationOut[] = doc.mitigations.map((m: Mitigation, index) => {
    const metadata: TcMetadata[] = [];
    if (m.description.trim()) {
      const comment = cut(m.description, TC_LIMITS.comment);
      metadata.push({ key: 'Comments', value: comment });
      if (comment !== m.description) metadata.push({ key: TS_META.description, value: m.description });
    }
    metadata.push({ key: TS_META.status, value: m.status }, { key: TS_META.effort, value: m.effort });
    if (m.owner) metadata.push({ key: TS_META.owner, value: m.owner });
    if (m.externalKey) metadata.push({ key: TS_META.externalKey, value: m.externalKey });
    return {
      id: tcId(m.id),
      numericId: index + 1,
      displayOrder: index + 1,
      metadata,
      content: cut(m.title, TC_LIMITS.content),
      status: TO_TC_MITIGATION_STATUS[m.status],
    };
  });

  const threatIds = new Set(doc.threats.map((t) => t.id));
  const mitigationLinks = doc.mitigations.flatMap((m) =>
    m.threatIds.filter((id) => threatIds.has(id)).map((threatId) => ({ mitigationId: tcId(m.id), linkedId: tcId(threatId) })),
  );

  const file = {
    schema: 1,
    applicationInfo: { name: cut(doc.session.title, TC_LIMITS.name), description: doc.session.description },
    assumptions: [],
    mitigations,
    assumptionLinks: [],
    mitigationLinks,
    threats,
  };
  const files = [{ name: `${fileStem(doc)}.tc.json`, content: `${JSON.stringify(file, null, 2)}\n`, mime: TC_MIME }];
  const notes: string[] = [];
  if (truncated > 0) {
    notes.push(
      `${plural(truncated, 'text')} ${truncated === 1 ? 'was' : 'were'} cut to Threat Composer’s length limits; the full text is kept in custom metadata, so importing the file back loses nothing.`,
    );
  }
  return {
    files,
    stats: { rows: threats.length + mitigations.length, neutralized: 0, truncated, altered: 0 },
    summary: makeSummary('Threat Composer (.tc.json)', { items: threats.length, itemNoun: 'threat', files, cut: truncated }, notes),
  };
}
