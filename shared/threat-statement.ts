/**
 * The threat grammar as one readable sentence, for the live preview while a threat is edited:
 * "A <source> <prerequisites> can <action>, which leads to <impact>, resulting in reduced
 * <goals> of <assets>." Parts that are still empty are left out, and the sentence still reads.
 *
 * People type parts the way they like ("An attacker", "Steal the card.", "can read it"), so each
 * part is tidied: whitespace collapsed, trailing punctuation dropped, a repeated connector
 * ("can", "leads to", "reduced") removed, and a leading capital lowered where the part moves
 * into the middle of the sentence.
 */
import type { Card } from './deck-schema.ts';
import type { Threat } from './schema.ts';

export type ThreatStatement = Threat['statement'];

/** Words that already do the job of an article, so no "A"/"An" goes in front. */
const DETERMINER =
  /^(?:a|an|the|any|some|someone|somebody|anyone|anybody|everyone|everybody|one|our|their|his|her|my|your|its|this|that|these|those|every|each|no|nobody|another|other|many|several|all|both|either|neither|most|few|staff|people|malware)\b/i;

/** Whitespace to collapse or trim, or punctuation to drop at the end: most parts have none. */
const NEEDS_TIDY = /\s\s|[^\S ]|^\s|[\s.,;:!?…]$/u;

function tidy(part: string | undefined): string {
  if (!part) return '';
  // The backlog builds this sentence for every threat of an export: skip the three passes when
  // there is nothing to tidy (the usual case).
  if (!NEEDS_TIDY.test(part)) return part;
  return part
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.,;:!?…]+$/u, '');
}

/** "Steal the card" → "steal the card"; "SMS codes" and "iPhone" stay as they are. */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "a" or "an" for the word that follows, by how it sounds: "an SMS", "a URL", "a user", "an hour". */
export function indefiniteArticle(phrase: string): 'a' | 'an' {
  const word = phrase.trim().replace(/^[“"'‘(]+/u, '');
  if (/^[A-Z][A-Z0-9]+(?![a-z])/.test(word)) return 'AEFHILMNORSX8'.includes(word.charAt(0)) ? 'an' : 'a';
  if (/^\d/.test(word)) return /^(?:8|11(?!\d)|18(?!\d))/.test(word) ? 'an' : 'a';
  const lower = word.toLowerCase();
  if (/^(?:hour|honest|honou?r|heir)/.test(lower)) return 'an';
  if (/^(?:uni(?!n|mp|d)|use|usu|uti|ure|uro|eu|ewe|one(?![a-z])|once|ubiq)/.test(lower)) return 'a';
  return /^[aeiou]/.test(lower) ? 'an' : 'a';
}

/** "attackers" and "malicious bots" are plural and take no article; "a business" does. */
const QUALIFIER = /\s+(?:of|with|who|that|from|in|at|on|using)\s+/i;

function looksPlural(source: string): boolean {
  const cut = source.search(QUALIFIER);
  const head = cut < 0 ? source : source.slice(0, cut);
  const last = head.slice(head.lastIndexOf(' ') + 1);
  return /[a-z]s$/i.test(last) && !/(?:ss|us|is)$/i.test(last);
}

function withArticle(source: string): string {
  if (DETERMINER.test(source) || looksPlural(source)) return source;
  return `${indefiniteArticle(source)} ${lowerFirst(source)}`;
}

/** "x", "x and y", "x, y and z". */
function joinList(items: readonly string[] | undefined): string {
  if (!items || items.length === 0) return '';
  if (items.length === 1) return tidy(items[0]);
  const clean = items.map(tidy).filter(Boolean);
  if (clean.length <= 1) return clean[0] ?? '';
  return `${clean.slice(0, -1).join(', ')} and ${clean[clean.length - 1]}`;
}

/** "Reduced integrity" → "integrity": the sentence says "resulting in reduced …" itself. */
function goalText(goal: string): string {
  return lowerFirst(goal.trim().replace(/^reduced\s+/i, ''));
}

/** The preview sentence; '' when every part is empty. */
export function threatSentence(statement: Partial<ThreatStatement>): string {
  const source = tidy(statement.source);
  const prerequisites = tidy(statement.prerequisites);
  const action = lowerFirst(tidy(statement.action).replace(/^can\s+/i, ''));
  const impact = lowerFirst(tidy(statement.impact).replace(/^(?:which\s+)?(?:leads?|leading)\s+to\s+/i, ''));
  const goalList = statement.impactedGoals;
  // (One goal, the usual case, without the list's intermediate arrays: the backlog builds this
  // sentence for every threat of an export.)
  const goals = !goalList || goalList.length === 0 ? '' : goalList.length === 1 ? tidy(goalText(goalList[0]!)) : joinList(goalList.map(goalText));
  const assets = joinList(statement.impactedAssets);

  let subject = source ? withArticle(source) : prerequisites || action ? 'someone' : '';
  if (prerequisites) subject = subject ? `${subject} ${prerequisites}` : prerequisites;
  // Pieces joined once: one flat string. (Concatenating built a rope that every later scan —
  // the backlog's exports escape each sentence — had to copy flat first, for every threat.)
  const out: string[] = [];
  if (subject) out.push(subject);
  if (action) out.push(' can ', action);
  if (impact) out.push(out.length > 0 ? ', which leads to ' : '', impact);
  if (goals) {
    out.push(out.length > 0 ? ', resulting in reduced ' : 'reduced ', goals);
    if (assets) out.push(' of ', assets);
  } else if (assets) {
    out.push(out.length > 0 ? ', putting ' : '', assets, ' at risk');
  }
  const first = out.findIndex(Boolean);
  if (first < 0) return '';
  out[first] = capitalise(out[first]!);
  out.push('.');
  return out.join('');
}

/** A full statement from a card's defaults; the parts a card cannot know stay empty. */
export function statementFromCard(card: Pick<Card, 'statement'>): ThreatStatement {
  const defaults = card.statement ?? {};
  return {
    source: defaults.source ?? '',
    prerequisites: defaults.prerequisites ?? '',
    action: defaults.action ?? '',
    impact: defaults.impact ?? '',
    impactedGoals: [...(defaults.impactedGoals ?? [])],
    impactedAssets: [...(defaults.impactedAssets ?? [])],
  };
}

/**
 * The fields of a new threat drawn from a card (the caller adds id, anchor and author). It starts
 * not scored: a card's default likelihood and impact are a suggestion (`cardScoreSuggestion`),
 * shown beside the scores until somebody in the room decides.
 */
export function threatDraftFromCard(card: Card): Pick<Threat, 'title' | 'category' | 'statement' | 'likelihood' | 'impact' | 'cardId'> {
  return {
    title: card.title,
    category: { framework: card.category.framework, key: card.category.key },
    statement: statementFromCard(card),
    likelihood: null,
    impact: null,
    cardId: card.id,
  };
}

/** What a card suggests as scores, when it suggests any. */
export function cardScoreSuggestion(card: Pick<Card, 'defaultLikelihood' | 'defaultImpact'>): { likelihood: number; impact: number } | null {
  if (card.defaultLikelihood === undefined && card.defaultImpact === undefined) return null;
  return { likelihood: card.defaultLikelihood ?? 3, impact: card.defaultImpact ?? 3 };
}
