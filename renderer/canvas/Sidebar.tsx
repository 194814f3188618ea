import { useState } from 'react';
import { CardPanel } from '../cards/CardPanel.tsx';
import { Palette } from './Palette.tsx';

type Tab = 'steps' | 'cards';

/** The left side of the canvas: step kinds to draw the journey, cards to storm it. */
export function Sidebar({ journeyId }: { journeyId: string }) {
  const [tab, setTab] = useState<Tab>('steps');
  return (
    <div id="workspace-sidebar" className="sidebar" role="region" aria-label="Steps and threat cards" tabIndex={-1}>
      <div role="tablist" aria-label="Sidebar" className="sidebar-tabs">
        {(['steps', 'cards'] as const).map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`sidebar-tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`sidebar-panel-${name}`}
            className="sidebar-tab"
            onClick={() => setTab(name)}
          >
            {name === 'steps' ? 'Steps' : 'Threat cards'}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`sidebar-panel-${tab}`} aria-labelledby={`sidebar-tab-${tab}`} className="sidebar-panel">
        {tab === 'steps' ? <Palette journeyId={journeyId} /> : <CardPanel />}
      </div>
    </div>
  );
}
