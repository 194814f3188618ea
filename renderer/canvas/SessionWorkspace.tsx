import { useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { useSession } from '../store/session-store.ts';
import { useCanvasUi } from './canvas-ui-store.ts';
import { JourneyCanvas } from './JourneyCanvas.tsx';
import { Sidebar } from './Sidebar.tsx';
import { CanvasToolbar } from './CanvasToolbar.tsx';
import { useCanvasShortcuts } from './use-canvas-shortcuts.ts';
import { JourneyTabs } from '../journeys/JourneyTabs.tsx';
import { JourneyBar } from '../journeys/JourneyBar.tsx';
import { TemplateDialog } from '../journeys/TemplateDialog.tsx';
import { Inspector } from '../inspector/Inspector.tsx';
import { WorkshopBar } from '../workshop/WorkshopBar.tsx';
import { ParticipantBar } from '../live/ParticipantBar.tsx';
import { WalkPanel } from '../workshop/WalkPanel.tsx';
import { PresentBar } from '../workshop/PresentBar.tsx';
import { usePresentingFollowsFullScreen } from '../workshop/presenting.ts';

/** The session screen's work area: journey tabs, palette, canvas and inspector. */
/** `live="participant"`: a participant's browser in a live room (their strip instead of the facilitator's). */
export function SessionWorkspace({ live }: { live?: 'participant' } = {}) {
  const chosen = useCanvasUi((state) => state.activeJourneyId);
  const activeId = useSession((state) => {
    const journeys = state.document?.journeys ?? [];
    return journeys.some((j) => j.id === chosen) ? chosen : (journeys[0]?.id ?? null);
  });
  const [templatesOpen, setTemplatesOpen] = useState(false);
  const presenting = useCanvasUi((state) => state.presenting);
  usePresentingFollowsFullScreen();
  // The tabs stay mounted when the journey changes (only the canvas side gets a fresh React Flow
  // store), so the tab a person clicked or arrowed to keeps the keyboard focus.
  return (
    <>
      <div className={`workspace${presenting ? ' is-presenting' : ''}`}>
        {/* Presenting hides the editing chrome (CSS, so open work keeps its state) and shows
            only the presenter's strip. */}
        {presenting && activeId && <PresentBar journeyId={activeId} />}
        {live === 'participant' ? <ParticipantBar /> : <WorkshopBar journeyId={activeId} />}
        {activeId && <JourneyTabs activeId={activeId} onTemplate={() => setTemplatesOpen(true)} />}
        {activeId && <JourneyBar key={`bar-${activeId}`} journeyId={activeId} />}
        <ReactFlowProvider key={`canvas-${activeId ?? 'none'}`}>
          <Shortcuts journeyId={activeId} />
          <div className="workspace-main" id="journey-panel" role="tabpanel" aria-labelledby={activeId ? `journey-tab-${activeId}` : undefined}>
            {activeId && <Sidebar journeyId={activeId} />}
            <div className="canvas-column">
              {activeId && <CanvasToolbar journeyId={activeId} />}
              {activeId && <JourneyCanvas key={activeId} journeyId={activeId} />}
              {activeId && <WalkPanel journeyId={activeId} />}
            </div>
            <Inspector />
          </div>
        </ReactFlowProvider>
      </div>
      {templatesOpen && <TemplateDialog onClose={() => setTemplatesOpen(false)} />}
    </>
  );
}

function Shortcuts({ journeyId }: { journeyId: string | null }) {
  useCanvasShortcuts(journeyId);
  return null;
}
