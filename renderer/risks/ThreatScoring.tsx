import { useEffect } from 'react';
import { findCard } from '../../shared/decks/index.ts';
import type { Threat } from '../../shared/schema.ts';
import { riskOf, SEVERITY_LABELS, severityOf } from '../../shared/scoring.ts';
import { cardScoreSuggestion } from '../../shared/threat-statement.ts';
import { useDeckLibrary } from '../cards/deck-library.ts';
import { scoreThreat } from '../store/threat-actions.ts';
import { IMPACT_LABELS, LIKELIHOOD_LABELS } from './labels.ts';
import { SelectField } from './SelectField.tsx';
import { SeverityChip } from './SeverityChip.tsx';
import '../styles/scoring.css';

const NOT_SCORED = { value: '', label: 'Not scored' };
const scoreOptions = (labels: readonly string[]) => [NOT_SCORED, ...labels.map((label, i) => ({ value: String(i + 1), label: `${i + 1} · ${label}` }))];
const LIKELIHOOD_OPTIONS = scoreOptions(LIKELIHOOD_LABELS);
const IMPACT_OPTIONS = scoreOptions(IMPACT_LABELS);

/** What the card a threat came from suggests as scores (a built-in card, or one of a custom deck). */
function useCardSuggestion(cardId: string | undefined): { likelihood: number; impact: number } | null {
  const custom = useDeckLibrary((s) => s.custom);
  const loaded = useDeckLibrary((s) => s.loaded);
  useEffect(() => {
    if (cardId && !loaded) void useDeckLibrary.getState().load();
  }, [cardId, loaded]);
  if (!cardId) return null;
  const card = findCard(cardId) ?? custom.flatMap((deck) => deck.cards).find((c) => c.id === cardId);
  return card ? cardScoreSuggestion(card) : null;
}

/**
 * Likelihood and impact of a threat. A threat starts "Not scored": nothing shows a risk nobody
 * judged. The card's defaults are offered as a suggestion, taken only by pressing the button; a
 * deliberate 3 × 3 is as scored as any other pair.
 */
export function ThreatScoring({ threat }: { threat: Threat }) {
  const suggestion = useCardSuggestion(threat.cardId);
  const risk = riskOf(threat);
  const partly = risk === null && (threat.likelihood !== null || threat.impact !== null);
  return (
    <div className="threat-scoring">
      <div className="field-row">
        <SelectField
          label="Likelihood"
          value={threat.likelihood === null ? '' : String(threat.likelihood)}
          options={LIKELIHOOD_OPTIONS}
          onChange={(v) => scoreThreat(threat.id, { likelihood: v === '' ? null : Number(v) })}
        />
        <SelectField
          label="Impact"
          value={threat.impact === null ? '' : String(threat.impact)}
          options={IMPACT_OPTIONS}
          onChange={(v) => scoreThreat(threat.id, { impact: v === '' ? null : Number(v) })}
        />
      </div>
      <p className="risk-line">
        Risk <SeverityChip risk={risk} />{' '}
        <span className="field-hint">
          {risk !== null ? 'likelihood × impact' : partly ? `set the ${threat.likelihood === null ? 'likelihood' : 'impact'} too` : 'nobody has judged it yet'}
        </span>
      </p>
      {risk === null && suggestion && (
        <p className="score-suggestion">
          <span>
            The card suggests {LIKELIHOOD_LABELS[suggestion.likelihood - 1]} × {IMPACT_LABELS[suggestion.impact - 1]} (
            {SEVERITY_LABELS[severityOf(suggestion.likelihood * suggestion.impact)]} · {suggestion.likelihood * suggestion.impact}).
          </span>
          <button type="button" className="button button-quiet" onClick={() => scoreThreat(threat.id, suggestion)}>
            Use the suggestion
          </button>
        </p>
      )}
    </div>
  );
}
