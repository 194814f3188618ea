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
              aria-label={`Use template: ${template.name}`}
              onClick={() => {
                useCanvasUi.getState().setActiveJourney(addJourneyFromTemplate(template));
                onClose();
              }}
            >
              <span className="template-name">
                {template.name}
                {template.critical && <span className="critical-tag">Critical</span>}
              </span>
              <span className="template-summary">{template.summary}</span>
              <span className="template-meta">{template.steps.length} steps · {template.persona}</span>
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
