import { useState } from 'react';
import type { Flow, Step, StepKind } from '../../shared/schema.ts';
import { STANDARD_DATA_TAGS, STEP_KINDS } from '../../shared/step-kinds.ts';
import { useCanvasUi } from '../canvas/canvas-ui-store.ts';
import { TextField } from '../components/TextField.tsx';
import { deleteSelection, editFlow, editStep } from '../store/journey-actions.ts';
import { useSession } from '../store/session-store.ts';
import { AnchorRisks } from '../risks/AnchorRisks.tsx';

/** The panel beside the canvas: details of the selected step or flow. */
export function Inspector() {
  const stepIds = useCanvasUi((state) => state.selectedStepIds);
  const flowIds = useCanvasUi((state) => state.selectedFlowIds);
  const step = useSession((state) => (stepIds.length === 1 ? state.document?.steps.find((s) => s.id === stepIds[0]) : undefined));
  const flow = useSession((state) => (stepIds.length === 0 && flowIds.length === 1 ? state.document?.flows.find((f) => f.id === flowIds[0]) : undefined));

  return (
    <aside id="inspector" tabIndex={-1} className="inspector" aria-label="Inspector">
      {step ? (
        <StepInspector key={step.id} step={step} />
      ) : flow ? (
        <FlowInspector key={flow.id} flow={flow} />
      ) : stepIds.length + flowIds.length > 1 ? (
        <div className="inspector-empty">
          <h2>{stepIds.length + flowIds.length} items selected</h2>
          <p>Drag to move them together, Ctrl+C to copy, Ctrl+D to duplicate, Delete to remove.</p>
          <button type="button" className="button button-danger" onClick={() => deleteSelection(stepIds, flowIds)}>
            Delete selected
          </button>
        </div>
      ) : (
        <div className="inspector-empty">
          <h2>Nothing selected</h2>
          <p>Select a step or a flow to see and edit its details.</p>
          <ul className="shortcut-list">
            <li><kbd>1</kbd>–<kbd>7</kbd> add a step</li>
            <li><kbd>Enter</kbd> rename the selected step, <kbd>Esc</kbd> select nothing</li>
            <li><kbd>F6</kbd> move between the sidebar, the canvas and this panel</li>
            <li><kbd>Ctrl</kbd>+<kbd>Z</kbd> undo, <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>Z</kbd> redo</li>
            <li><kbd>Ctrl</kbd>+<kbd>C</kbd>/<kbd>V</kbd>/<kbd>D</kbd> copy, paste, duplicate</li>
            <li><kbd>Shift</kbd>+drag to select an area</li>
          </ul>
        </div>
      )}
    </aside>
  );
}

function StepInspector({ step }: { step: Step }) {
  const [newTag, setNewTag] = useState('');
  const toggleTag = (tag: string) =>
    editStep(step.id, { dataTags: step.dataTags.includes(tag) ? step.dataTags.filter((t) => t !== tag) : [...step.dataTags, tag] });
  const customTags = step.dataTags.filter((tag) => !(STANDARD_DATA_TAGS as readonly string[]).includes(tag));
  return (
    <div className="inspector-body">
      <h2>Step</h2>
      <TextField label="Label" value={step.label} gestureKey={`step-label:${step.id}`} onChange={(label, key) => editStep(step.id, { label }, key)} />
      <div className="field">
        <label htmlFor="step-kind">Kind</label>
        <select id="step-kind" value={step.kind} onChange={(event) => editStep(step.id, { kind: event.target.value as StepKind })}>
          {STEP_KINDS.map((info) => (
            <option key={info.kind} value={info.kind}>
              {info.name}
            </option>
          ))}
        </select>
      </div>
      <details className="step-details">
        <summary>Actor, description and data handled</summary>
      <TextField label="Actor / touchpoint" placeholder="e.g. Customer, mobile app" value={step.actor} gestureKey={`step-actor:${step.id}`} onChange={(actor, key) => editStep(step.id, { actor }, key)} />
      <TextField label="Description" multiline maxLength={20000} value={step.description} gestureKey={`step-description:${step.id}`} onChange={(description, key) => editStep(step.id, { description }, key)} />
      <fieldset className="field tag-field">
        <legend>Data handled</legend>
        <div className="tag-chips">
          {[...STANDARD_DATA_TAGS, ...customTags].map((tag) => (
            <label key={tag} className={`tag-chip${step.dataTags.includes(tag) ? ' is-on' : ''}`}>
              <input type="checkbox" checked={step.dataTags.includes(tag)} onChange={() => toggleTag(tag)} />
              {tag}
            </label>
          ))}
        </div>
        <form
          className="tag-add"
          onSubmit={(event) => {
            event.preventDefault();
            if (newTag.trim()) editStep(step.id, { dataTags: [...step.dataTags, newTag] });
            setNewTag('');
          }}
        >
          <input type="text" aria-label="Add a data tag" placeholder="Other data…" value={newTag} maxLength={60} onChange={(event) => setNewTag(event.target.value)} />
          <button type="submit" className="button">
            Add tag
          </button>
        </form>
      </fieldset>
      <button type="button" className="button button-danger" onClick={() => deleteSelection([step.id], [])}>
        Delete step
      </button>
      </details>
      <AnchorRisks type="step" id={step.id} journeyId={step.journeyId} />
    </div>
  );
}

function FlowInspector({ flow }: { flow: Flow }) {
  return (
    <div className="inspector-body">
      <h2>Flow</h2>
      <TextField label="What passes" placeholder="e.g. card details" value={flow.label} gestureKey={`flow-label:${flow.id}`} onChange={(label, key) => editFlow(flow.id, { label }, key)} />
      <label className="check-field">
        <input type="checkbox" checked={flow.crossesTrustBoundary} onChange={(event) => editFlow(flow.id, { crossesTrustBoundary: event.target.checked })} />
        Crosses a trust boundary
      </label>
      <p className="field-hint">Mark flows where data leaves one party’s control for another’s: the user’s device to our servers, our servers to a vendor.</p>
      <button type="button" className="button button-danger" onClick={() => deleteSelection([], [flow.id])}>
        Delete flow
      </button>
      <AnchorRisks type="flow" id={flow.id} journeyId={flow.journeyId} />
    </div>
  );
}
