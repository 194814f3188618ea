import { JOURNEY_TEMPLATES } from '../../shared/templates.ts';
import { Dialog } from '../components/Dialog.tsx';
import { addJourneyFromTemplate } from '../store/journey-actions.ts';
import { useCanvasUi } from '../canvas/canvas-ui-store.ts';

export function TemplateDialog({ onClose }: { onClose(): void }) {
  return (
    <Dialog title="New journey from template" onClose={onClose}>
      <p className="dialog-lead">Start from a common journey and adapt it to your product. Every step can be changed.</p>
      <ul className="template-list">
        {JOURNEY_TEMPLATES.map((template) => (
          <li key={template.id}>
            <button
              type="button"
              className="template-item"
              aria-describedby={[...(template.critical ? ['critical'] : []), 'summary', 'meta'].map((part) => `template-${template.id}-${part}`).join(' ')}
              onClick={() => {
                useCanvasUi.getState().setActiveJourney(addJourneyFromTemplate(template));
                onClose();
              }}
            >
              {/* Name from content, "Use template: <name>"; the rest is its description. (An aria-label
                  would hide that visible text from the name: WCAG 2.5.3, label in name.) */}
              <span className="template-name">
                <span>
                  <span className="visually-hidden">Use template: </span>
                  {template.name}
                </span>
                {template.critical && (
                  <span id={`template-${template.id}-critical`} aria-hidden="true" className="critical-tag">
                    Critical
                  </span>
                )}
              </span>
              <span id={`template-${template.id}-summary`} aria-hidden="true" className="template-summary">
                {template.summary}
              </span>
              <span id={`template-${template.id}-meta`} aria-hidden="true" className="template-meta">
                {template.steps.length} steps · {template.persona}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
