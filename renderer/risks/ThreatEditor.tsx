import { useEffect, useId, useRef, useState } from 'react';
import { LIMITS, threatStatuses, type Threat, type ThreatStatus } from '../../shared/schema.ts';
import { riskOf } from '../../shared/scoring.ts';
import { isReviewOverdue } from '../../shared/threat-ops.ts';
import { threatSentence } from '../../shared/threat-statement.ts';
import { TextField } from '../components/TextField.tsx';
import { useSession } from '../store/session-store.ts';
import { changeThreatStatus, createMitigation, createOutcome, editThreat, relocateThreat, removeThreat } from '../store/threat-actions.ts';
import { findCard } from '../../shared/decks/index.ts';
import { useDeckLibrary } from '../cards/deck-library.ts';
import { FRAMEWORKS, THREAT_STATUS_LABELS } from './labels.ts';
import { SelectField } from './SelectField.tsx';
import { SeverityChip } from './SeverityChip.tsx';
import { ThreatScoring } from './ThreatScoring.tsx';

const splitList = (text: string) => text.split(',').map((part) => part.trim()).filter(Boolean);

/** A threat in the inspector: collapsed to one line, expanded to its full editor. */
export function ThreatItem({ threat, expanded, onToggle, autoFocus = false }: { threat: Threat; expanded: boolean; onToggle(): void; autoFocus?: boolean }) {
  const overdue = isReviewOverdue(threat);
  return (
    <li className={`risk-item${expanded ? ' is-expanded' : ''}`}>
      <button type="button" className="risk-summary" aria-expanded={expanded} onClick={onToggle}>
        <SeverityChip risk={riskOf(threat)} muted={threat.status !== 'open' && threat.status !== 'mitigating'} />
        <span className="risk-title">{threat.title}</span>
        <span className={`status-tag status-${threat.status}`}>{THREAT_STATUS_LABELS[threat.status]}</span>
        {overdue && <span className="overdue-tag">Review overdue</span>}
      </button>
      {expanded && <ThreatEditor threat={threat} autoFocus={autoFocus} />}
    </li>
  );
}

function ThreatEditor({ threat, autoFocus }: { threat: Threat; autoFocus: boolean }) {
  const key = (field: string) => `threat-${field}:${threat.id}`;
  const sentence = threatSentence(threat.statement);
  return (
    <div className="risk-editor">
      <TextField label="Threat" value={threat.title} gestureKey={key('title')} onChange={(title, k) => editThreat(threat.id, { title }, k)} autoFocus={autoFocus} />
      <div className="field-row">
        <SelectField
          label="Framework"
          value={(FRAMEWORKS as readonly string[]).includes(threat.category.framework) ? threat.category.framework : 'Custom'}
          options={FRAMEWORKS.map((f) => ({ value: f, label: f }))}
          onChange={(framework) => editThreat(threat.id, { category: { ...threat.category, framework } })}
        />
        <TextField label="Category" value={threat.category.key} gestureKey={key('category')} onChange={(value, k) => editThreat(threat.id, { category: { ...threat.category, key: value || 'custom' } }, k)} />
      </div>
      <fieldset className="field grammar">
        <legend>Threat statement</legend>
        <TextField label="Who (threat source)" placeholder="e.g. a fraudster with a stolen card list" value={threat.statement.source} gestureKey={key('source')} onChange={(source, k) => editThreat(threat.id, { statement: { source } }, k)} />
        <TextField label="With (prerequisites)" placeholder="e.g. with access to the checkout page" value={threat.statement.prerequisites} gestureKey={key('prerequisites')} onChange={(prerequisites, k) => editThreat(threat.id, { statement: { prerequisites } }, k)} />
        <TextField label="Can (action)" placeholder="e.g. test thousands of cards" value={threat.statement.action} gestureKey={key('action')} onChange={(action, k) => editThreat(threat.id, { statement: { action } }, k)} />
        <TextField label="Leading to (impact)" placeholder="e.g. chargebacks and a blocked merchant account" value={threat.statement.impact} gestureKey={key('impact')} onChange={(impact, k) => editThreat(threat.id, { statement: { impact } }, k)} />
        <div className="field-row">
          <TextField label="Reduced (goals)" placeholder="confidentiality, integrity" entryLimit={LIMITS.tag} value={threat.statement.impactedGoals.join(', ')} gestureKey={key('goals')} onChange={(text, k) => editThreat(threat.id, { statement: { impactedGoals: splitList(text) } }, k)} />
          <TextField label="Of (assets)" placeholder="card data" entryLimit={LIMITS.tag} value={threat.statement.impactedAssets.join(', ')} gestureKey={key('assets')} onChange={(text, k) => editThreat(threat.id, { statement: { impactedAssets: splitList(text) } }, k)} />
        </div>
        <p className="statement-preview" aria-live="polite" aria-label="Statement preview">
          {sentence || 'Fill in the parts above to see the threat as one sentence.'}
        </p>
      </fieldset>
      <ThreatScoring threat={threat} />
      <StatusControl threat={threat} />
      <TextField label="Notes" multiline maxLength={20000} value={threat.notes} gestureKey={key('notes')} onChange={(notes, k) => editThreat(threat.id, { notes }, k)} />
      <CardSuggestions threat={threat} />
      <RelocateControl threat={threat} />
      <button type="button" className="button button-danger" onClick={() => removeThreat(threat.id)}>
        Delete threat
      </button>
    </div>
  );
}

type AcceptanceField = 'owner' | 'reason' | 'reviewDate';

/** What each acceptance field still needs, by field (the same rules as acceptanceProblems). */
function acceptanceFieldErrors(owner: string, reason: string, reviewDate: string): Partial<Record<AcceptanceField, string>> {
  const errors: Partial<Record<AcceptanceField, string>> = {};
  if (!owner.trim()) errors.owner = 'Give an owner: who answers for this risk.';
  if (!reason.trim()) errors.reason = 'Give a reason: why it is acceptable for now.';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(reviewDate) || Number.isNaN(Date.parse(reviewDate))) errors.reviewDate = 'Give a review date: when to look at it again.';
  return errors;
}

function StatusControl({ threat }: { threat: Threat }) {
  const [pending, setPending] = useState<ThreatStatus | null>(null);
  const [owner, setOwner] = useState(threat.acceptance?.owner ?? '');
  const [reason, setReason] = useState(threat.acceptance?.reason ?? '');
  const [reviewDate, setReviewDate] = useState(threat.acceptance?.reviewDate ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  // Field errors show once the person tried to accept, and clear as each field is filled.
  const [tried, setTried] = useState(false);
  const [attempts, setAttempts] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const id = useId();
  // After a refused attempt, once its messages are drawn: the whole form in sight when the panel
  // is tall enough (fields, messages and the button just pressed), and the keyboard on the first
  // field that needs something.
  useEffect(() => {
    const form = formRef.current;
    if (attempts === 0 || !form) return;
    const panel = form.closest('.inspector');
    const fits = !panel || form.getBoundingClientRect().height <= panel.getBoundingClientRect().height;
    // Too tall for the panel: from the summary down, so it and the first fields show together.
    if (fits) form.scrollIntoView({ block: 'nearest' });
    else (form.querySelector('[role="alert"]') ?? form).scrollIntoView({ block: 'start' });
    form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus({ preventScroll: true });
  }, [attempts]);
  const shown = pending ?? threat.status;
  const errors = tried ? acceptanceFieldErrors(owner, reason, reviewDate) : {};

  const choose = (status: ThreatStatus) => {
    setProblem(null);
    setTried(false);
    if (status === 'accepted') {
      setPending('accepted');
      return;
    }
    setPending(null);
    setProblem(changeThreatStatus(threat.id, status));
  };

  const fieldProps = (field: AcceptanceField) => ({
    id: `${id}-${field}`,
    'aria-required': true,
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': errors[field] ? `${id}-${field}-error` : undefined,
  });
  const fieldError = (field: AcceptanceField) =>
    errors[field] ? (
      <p id={`${id}-${field}-error`} className="field-error">
        {errors[field]}
      </p>
    ) : null;
  const required = (
    <span className="required-mark">
      {' '}
      (required)
    </span>
  );

  return (
    <div className="status-control">
      <SelectField label="Status" value={shown} options={threatStatuses.map((s) => ({ value: s, label: THREAT_STATUS_LABELS[s] }))} onChange={choose} />
      {(pending === 'accepted' || threat.status === 'accepted') && (
        <form
          ref={formRef}
          className="acceptance"
          aria-label="Risk acceptance"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            setTried(true);
            const message = changeThreatStatus(threat.id, 'accepted', { owner, reason, reviewDate });
            setProblem(message);
            if (!message) {
              setPending(null);
              setTried(false);
              return;
            }
            setAttempts((n) => n + 1);
          }}
        >
          <p className="field-hint">An accepted risk stays on record with who owns it, why, and when to look again. All three are required.</p>
          {/* The summary heads the form: it comes into view with the first field that needs
              something (and each field says what it needs right under it). */}
          {problem && (
            <p className="form-error" role="alert">
              {problem}
            </p>
          )}
          <div className="field">
            <label htmlFor={`${id}-owner`}>Risk owner{required}</label>
            <input {...fieldProps('owner')} value={owner} maxLength={200} onChange={(e) => setOwner(e.target.value)} />
            {fieldError('owner')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-reason`}>Reason{required}</label>
            <textarea {...fieldProps('reason')} rows={2} value={reason} maxLength={20000} onChange={(e) => setReason(e.target.value)} />
            {fieldError('reason')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-reviewDate`}>Review date{required}</label>
            <input {...fieldProps('reviewDate')} type="date" value={reviewDate} onChange={(e) => setReviewDate(e.target.value)} />
            {fieldError('reviewDate')}
          </div>
          {isReviewOverdue(threat) && <p className="overdue-tag">The review date has passed: look at this risk again.</p>}
          <div className="button-row">
            <button type="submit" className="button button-primary">
              {threat.status === 'accepted' ? 'Update acceptance' : 'Accept risk'}
            </button>
            {pending === 'accepted' && (
              <button type="button" className="button" onClick={() => (setPending(null), setProblem(null), setTried(false))}>
                Cancel
              </button>
            )}
          </div>
        </form>
      )}
      {problem && pending !== 'accepted' && threat.status !== 'accepted' && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

function RelocateControl({ threat }: { threat: Threat }) {
  const steps = useSession((state) => state.document?.steps);
  const journeys = useSession((state) => state.document?.journeys);
  const [target, setTarget] = useState('');
  const id = useId();
  if (!steps || !journeys) return null;
  const others = steps.filter((step) => !(threat.anchor?.type === 'step' && threat.anchor.id === step.id));
  if (others.length === 0) return null;
  return (
    <div className="field relocate">
      <label htmlFor={id}>Move or copy to step</label>
      <div className="button-row">
        <select id={id} value={target} onChange={(event) => setTarget(event.target.value)}>
          <option value="">Choose a step…</option>
          {journeys.map((journey) => (
            <optgroup key={journey.id} label={journey.name}>
              {others
                .filter((step) => step.journeyId === journey.id)
                .map((step) => (
                  <option key={step.id} value={step.id}>
                    {step.label || 'Untitled step'}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
        <button type="button" className="button" disabled={!target} onClick={() => relocateThreat(threat.id, { type: 'step', id: target }, false)}>
          Move
        </button>
        <button type="button" className="button" disabled={!target} onClick={() => relocateThreat(threat.id, { type: 'step', id: target }, true)}>
          Copy
        </button>
      </div>
    </div>
  );
}

/** What the card this threat came from suggests: outcomes in the user's words, and controls. */
function CardSuggestions({ threat }: { threat: Threat }) {
  // A card of a built-in deck, or of a custom deck imported on this computer.
  const custom = useDeckLibrary((s) => s.custom);
  const loaded = useDeckLibrary((s) => s.loaded);
  useEffect(() => {
    if (!loaded) void useDeckLibrary.getState().load();
  }, [loaded]);
  const cardId = threat.cardId;
  const card = cardId ? (findCard(cardId) ?? custom.flatMap((deck) => deck.cards).find((c) => c.id === cardId)) : undefined;
  const outcomes = useSession((s) => s.document?.outcomes);
  const mitigations = useSession((s) => s.document?.mitigations);
  if (!card) return null;
  const stepId = threat.anchor?.type === 'step' ? threat.anchor.id : null;
  const hasOutcome = (text: string) => outcomes?.some((o) => o.stepId === stepId && o.statement === text);
  const hasMitigation = (text: string) => mitigations?.some((m) => m.title === text && m.threatIds.includes(threat.id));
  return (
    <div className="card-suggestions">
      <p className="field-hint">Suggested by the card “{card.title}”:</p>
      <ul>
        {stepId &&
          card.suggestedOutcomes.map((text) => (
            <li key={`o-${text}`}>
              <button type="button" className="button button-quiet" disabled={hasOutcome(text)} onClick={() => createOutcome(stepId, text, [threat.id])}>
                + Outcome: {text}
              </button>
            </li>
          ))}
        {card.suggestedMitigations.map((text) => (
          <li key={`m-${text}`}>
            <button type="button" className="button button-quiet" disabled={hasMitigation(text)} onClick={() => createMitigation(text.slice(0, 200), [threat.id])}>
              + Mitigation: {text}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
