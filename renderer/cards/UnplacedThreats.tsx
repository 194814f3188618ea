import { useShallow } from 'zustand/react/shallow';
import type { Threat } from '../../shared/schema.ts';
import { riskOf } from '../../shared/scoring.ts';
import { notify } from '../notices.ts';
import { SeverityChip } from '../risks/SeverityChip.tsx';
import { useSession } from '../store/session-store.ts';
import { relocateThreat } from '../store/threat-actions.ts';
import { useCanvasUi } from '../canvas/canvas-ui-store.ts';
import { anchorAt } from './card-drop.ts';
import { usePointerDrag } from '../components/use-pointer-drag.ts';

/**
 * Threats that are in the session but on no step yet (imported from a tool without a canvas):
 * drag one onto a step or flow, or press it to place it on the selected one.
 */
export function UnplacedThreats() {
  const threats = useSession(useShallow((s) => (s.document?.threats ?? []).filter((t) => t.anchor === null)));
  if (threats.length === 0) return null;
  return (
    <section className="unplaced" aria-labelledby="unplaced-heading">
      <h3 id="unplaced-heading">Not placed yet ({threats.length})</h3>
      <p className="field-hint">Imported threats wait here: drag each onto the step or flow where it happens.</p>
      <ul className="card-list" aria-label="Threats not placed yet">
        {threats.slice(0, 200).map((threat) => (
          <UnplacedItem key={threat.id} threat={threat} />
        ))}
      </ul>
    </section>
  );
}

function UnplacedItem({ threat }: { threat: Threat }) {
  const { handlers, isRealClick } = usePointerDrag({
    onDrop: (x, y) => {
      const hit = anchorAt(x, y);
      if (hit) relocateThreat(threat.id, hit.anchor, false);
      else notify.info('Drop the threat on a step or on a flow.');
    },
  });
  return (
    <li>
      <button
        type="button"
        className="threat-card unplaced-threat"
        aria-label={`Place threat: ${threat.title}`}
        {...handlers}
        onClick={() => {
          if (!isRealClick()) return;
          const { selectedStepIds, selectedFlowIds } = useCanvasUi.getState();
          if (selectedStepIds.length === 1) relocateThreat(threat.id, { type: 'step', id: selectedStepIds[0]! }, false);
          else if (selectedStepIds.length === 0 && selectedFlowIds.length === 1) relocateThreat(threat.id, { type: 'flow', id: selectedFlowIds[0]! }, false);
          else notify.info('Select a step or a flow first, or drag the threat onto one.');
        }}
      >
        <span className="card-category">
          <SeverityChip risk={riskOf(threat)} /> {threat.category.framework} · {threat.category.key.replace(/-/g, ' ')}
        </span>
        <span className="card-title">{threat.title}</span>
      </button>
    </li>
  );
}
