import { useMemo, useState } from 'react';
import { draftOutcome, startOutcomeDraft } from './outcome-draft.ts';
import { useCanvasUi } from '../canvas/canvas-ui-store.ts';
import { useShallow } from 'zustand/react/shallow';
import type { Threat } from '../../shared/schema.ts';
import { riskForSorting } from '../../shared/scoring.ts';
import { useSession } from '../store/session-store.ts';
import { blankThreat } from '../../shared/threat-ops.ts';
import { createMitigation, createOutcome, createThreat } from '../store/threat-actions.ts';
import { MitigationItem } from './MitigationEditor.tsx';
import { OutcomeItem } from './OutcomeEditor.tsx';
import { ThreatItem } from './ThreatEditor.tsx';

/**
 * Threats, security outcomes and mitigations of one step or flow, as the inspector shows them.
 * Threats are listed highest risk first.
 */
export function AnchorRisks({ type, id, journeyId }: { type: 'step' | 'flow'; id: string; journeyId: string }) {
  const threats = useSession(useShallow((s) => (s.document?.threats ?? []).filter((t) => t.anchor?.type === type && t.anchor.id === id)));
  const outcomes = useSession(useShallow((s) => (type === 'step' ? (s.document?.outcomes ?? []).filter((o) => o.stepId === id) : [])));
  const threatIds = useMemo(() => new Set(threats.map((t) => t.id)), [threats]);
  const mitigations = useSession(useShallow((s) => (s.document?.mitigations ?? []).filter((m) => m.threatIds.some((tid) => threatIds.has(tid)))));
  const candidates = useCandidates(journeyId);
  const [expanded, setExpanded] = useState<string | null>(null);
  // The item just added with a "+" button: its first field takes the keyboard.
  const [fresh, setFresh] = useState<string | null>(null);
  const draft = useCanvasUi((s) => (type === 'step' && s.outcomeDraft?.stepId === id ? s.outcomeDraft : null));
  const toggle = (itemId: string) => {
    setFresh(null);
    setExpanded((current) => (current === itemId ? null : itemId));
  };
  const added = (itemId: string) => {
    setExpanded(itemId);
    setFresh(itemId);
  };
  const showDraft = draft !== null && !outcomes.some((o) => o.id === draft.id);
  const sorted = useMemo(() => threats.slice().sort((a, b) => riskForSorting(b) - riskForSorting(a)), [threats]);

  return (
    <div className="anchor-risks">
      <section aria-labelledby={`threats-${id}`}>
        <div className="section-title">
          <h3 id={`threats-${id}`}>Threats ({threats.length})</h3>
          <button type="button" className="button button-quiet" onClick={() => added(createThreat(blankThreat({ type, id })))}>
            + Threat
          </button>
        </div>
        {sorted.length === 0 ? (
          <p className="field-hint">What could go wrong here? Drag a card onto the step, or add a threat.</p>
        ) : (
          <ul className="risk-list" aria-label="Threats">
            {sorted.map((threat) => (
              <ThreatItem key={threat.id} threat={threat} expanded={expanded === threat.id} onToggle={() => toggle(threat.id)} autoFocus={fresh === threat.id} />
            ))}
          </ul>
        )}
      </section>
      {type === 'step' && (
        <section aria-labelledby={`outcomes-${id}`}>
          <div className="section-title">
            <h3 id={`outcomes-${id}`}>Security outcomes ({outcomes.length})</h3>
            {/* No text to delete first: a draft with a placeholder, stored once it has words. */}
            <button type="button" className="button button-quiet" onClick={() => startOutcomeDraft(id)}>
              + Outcome
            </button>
          </div>
          {outcomes.length === 0 && !showDraft ? (
            <p className="field-hint">What must the user be able to trust at this step?</p>
          ) : (
            <ul className="risk-list" aria-label="Security outcomes">
              {/* One list of keyed items, the draft last: when its first words store it, the
                  stored outcome (same id, same place) is the same item, and the field being
                  typed in keeps the keyboard. */}
              {[
                ...outcomes.map((outcome) => (
                  <OutcomeItem key={outcome.id} outcome={outcome} threats={threats} expanded={expanded === outcome.id} onToggle={() => toggle(outcome.id)} />
                )),
                showDraft && (
                  <OutcomeItem
                    key={draft.id}
                    outcome={draftOutcome(draft.id, id)}
                    threats={threats}
                    expanded
                    onToggle={() => useCanvasUi.getState().setOutcomeDraft(null)}
                    draft={{
                      create: (statement) => {
                        createOutcome(id, statement, threats.map((t) => t.id), draft.id);
                        useCanvasUi.getState().setOutcomeDraft(null);
                        setExpanded(draft.id);
                      },
                      discard: () => useCanvasUi.getState().setOutcomeDraft(null),
                    }}
                  />
                ),
              ]}
            </ul>
          )}
        </section>
      )}
      <section aria-labelledby={`mitigations-${id}`}>
        <div className="section-title">
          <h3 id={`mitigations-${id}`}>Mitigations ({mitigations.length})</h3>
          <button
            type="button"
            className="button button-quiet"
            disabled={threats.length === 0}
            title={threats.length === 0 ? 'Add a threat first: a mitigation addresses threats' : undefined}
            onClick={() => added(createMitigation('New mitigation', expandedThreat(expanded, threats)))}
          >
            + Mitigation
          </button>
        </div>
        {mitigations.length > 0 && (
          <ul className="risk-list" aria-label="Mitigations">
            {mitigations.map((mitigation) => (
              <MitigationItem
                key={mitigation.id}
                mitigation={mitigation}
                candidates={candidates}
                expanded={expanded === mitigation.id}
                onToggle={() => toggle(mitigation.id)}
                autoFocus={fresh === mitigation.id}
              />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** A new mitigation links to the threat being edited, or to every threat here. */
function expandedThreat(expanded: string | null, threats: Threat[]): string[] {
  const match = threats.find((t) => t.id === expanded);
  return match ? [match.id] : threats.map((t) => t.id);
}

/** Threats of the journey a mitigation may address, with where each one sits. */
function useCandidates(journeyId: string): Array<{ threat: Threat; where: string }> {
  const steps = useSession((s) => s.document?.steps);
  const flows = useSession((s) => s.document?.flows);
  const threats = useSession((s) => s.document?.threats);
  return useMemo(() => {
    if (!steps || !flows || !threats) return [];
    const stepLabels = new Map(steps.filter((s) => s.journeyId === journeyId).map((s) => [s.id, s.label || 'Untitled step']));
    const flowLabels = new Map(
      flows.filter((f) => f.journeyId === journeyId).map((f) => [f.id, `${stepLabels.get(f.source) ?? '?'} → ${stepLabels.get(f.target) ?? '?'}`]),
    );
    const result: Array<{ threat: Threat; where: string }> = [];
    for (const threat of threats) {
      const where = threat.anchor?.type === 'step' ? stepLabels.get(threat.anchor.id) : threat.anchor ? flowLabels.get(threat.anchor.id) : undefined;
      if (where) result.push({ threat, where });
    }
    return result;
  }, [steps, flows, threats, journeyId]);
}
