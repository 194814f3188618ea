import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Card, Deck } from '../../shared/deck-schema.ts';
import { serializeDeck } from '../../shared/deck-schema.ts';
import { dealCards } from '../../shared/card-fit.ts';
import { threatDraftFromCard } from '../../shared/threat-statement.ts';
import { blankThreat, type ThreatAnchor } from '../../shared/threat-ops.ts';
import { cardsOn } from '../../shared/threat-duplicates.ts';
import { notify } from '../notices.ts';
import { platform } from '../platform/current-platform.ts';
import { useCanvasUi } from '../canvas/canvas-ui-store.ts';
import { sessionStore, useSession } from '../store/session-store.ts';
import { createThreat } from '../store/threat-actions.ts';
import { allDecks, useDeckLibrary } from './deck-library.ts';
import { anchorAt } from './card-drop.ts';
import { usePointerDrag } from '../components/use-pointer-drag.ts';
import { UnplacedThreats } from './UnplacedThreats.tsx';
import '../styles/already-added.css';


/**
 * Plays a card on a step or flow, once: the same card twice in one place is the same threat
 * twice (a click too many, a drop on the wrong step), so a second play only says it is there.
 */
function playCard(card: Card, anchor: ThreatAnchor): void {
  const doc = sessionStore.getState().document;
  if (doc && cardsOn(doc.threats, anchor).has(card.id)) {
    notify.info(`“${card.title}” is already on this ${anchor.type}: open it in the inspector to change it.`);
    return;
  }
  createThreat(blankThreat(anchor, { ...threatDraftFromCard(card), notes: card.prompt }), `Play card "${card.title}"`);
}

/** Cards to drag onto a step or flow (or press to play on the selected one), and deck files. */
export function CardPanel() {
  const custom = useDeckLibrary((s) => s.custom);
  const load = useDeckLibrary((s) => s.load);
  useEffect(() => void load(), [load]);
  const decks = useMemo(() => allDecks(custom), [custom]);
  const [deckId, setDeckId] = useState('all');
  const [query, setQuery] = useState('');
  const selectedStepIds = useCanvasUi((s) => s.selectedStepIds);
  const selectedFlowIds = useCanvasUi((s) => s.selectedFlowIds);
  const selectedStep = useSession((s) => (selectedStepIds.length === 1 ? s.document?.steps.find((st) => st.id === selectedStepIds[0]) : undefined));

  const target: ThreatAnchor | null = selectedStep
    ? { type: 'step', id: selectedStep.id }
    : selectedStepIds.length === 0 && selectedFlowIds.length === 1
      ? { type: 'flow', id: selectedFlowIds[0]! }
      : null;

  const dealt = useMemo(() => (selectedStep ? dealCards(selectedStep, decks, { limit: 6 }) : []), [selectedStep, decks]);
  const threats = useSession((s) => s.document?.threats);
  const targetType = target?.type;
  const targetId = target?.id;
  // The cards already played on the selected step or flow: shown as "already added".
  const added = useMemo(
    () => cardsOn(threats ?? [], targetType && targetId ? { type: targetType, id: targetId } : null),
    [threats, targetType, targetId],
  );
  const cards = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return decks
      .filter((deck) => deckId === 'all' || deck.id === deckId)
      .flatMap((deck) => deck.cards)
      .filter((card) => !needle || `${card.title} ${card.prompt} ${card.category.key}`.toLowerCase().includes(needle));
  }, [decks, deckId, query]);

  const play = (card: Card) => {
    if (!target) return notify.info('Select a step or a flow first, or drag the card onto one.');
    playCard(card, target);
  };

  return (
    <div className="card-panel">
      <UnplacedThreats />
      {selectedStep && (
        <section aria-labelledby="dealt-heading" className="dealt">
          <h3 id="dealt-heading">Deal cards for “{selectedStep.label || 'this step'}”</h3>
          {dealt.length === 0 ? (
            <p className="field-hint">No card fits this step yet; browse the decks below.</p>
          ) : (
            <ul className="card-list" aria-label="Dealt cards">
              {dealt.map(({ card, reasons }) => (
                <CardItem key={card.id} card={card} reasons={reasons} added={added.has(card.id)} onPlay={play} />
              ))}
            </ul>
          )}
        </section>
      )}
      <div className="card-filters">
        <input type="search" aria-label="Search cards" placeholder="Search cards…" value={query} onChange={(e) => setQuery(e.target.value)} />
        <select aria-label="Deck" value={deckId} onChange={(e) => setDeckId(e.target.value)}>
          <option value="all">All decks</option>
          {decks.map((deck) => (
            <option key={deck.id} value={deck.id}>
              {deck.name}
            </option>
          ))}
        </select>
      </div>
      <ul className="card-list" aria-label="Cards">
        {cards.map((card) => (
          <CardItem key={`${card.deck}/${card.id}`} card={card} added={added.has(card.id)} onPlay={play} />
        ))}
      </ul>
      <DeckFiles decks={decks} />
    </div>
  );
}

function CardItem({ card, reasons, added, onPlay }: { card: Card; reasons?: string[]; added: boolean; onPlay(card: Card): void }) {
  const ghost = useRef<HTMLDivElement>(null);
  const describedBy = useId();
  // The step or flow under the pointer, outlined while a card is dragged over it.
  const over = useRef<Element | null>(null);
  const highlight = (element: Element | null) => {
    if (over.current === element) return;
    over.current?.classList.remove('is-drop-target');
    element?.classList.add('is-drop-target');
    over.current = element;
  };
  const { handlers, isRealClick } = usePointerDrag({
    onStart: () => {
      if (ghost.current) ghost.current.hidden = false;
    },
    onMove: (x, y) => {
      if (ghost.current) ghost.current.style.transform = `translate(${x + 8}px, ${y + 8}px)`;
      highlight(anchorAt(x, y)?.element ?? null);
    },
    onEnd: () => {
      highlight(null);
      if (ghost.current) ghost.current.hidden = true;
    },
    onDrop: (x, y) => {
      const hit = anchorAt(x, y);
      if (hit) playCard(card, hit.anchor);
      else notify.info('Drop the card on a step or on a flow.');
    },
  });

  return (
    <li className="card-item">
      <button
        type="button"
        className={`threat-card deck-${card.deck}${added ? ' is-added' : ''}`}
        aria-describedby={[
          ...(added ? [`${describedBy}-added`] : []),
          `${describedBy}-prompt`,
          `${describedBy}-category`,
          ...(reasons && reasons.length > 0 ? [`${describedBy}-reasons`] : []),
        ].join(' ')}
        title={card.example || card.prompt}
        {...handlers}
        onClick={() => {
          if (isRealClick()) onPlay(card);
        }}
      >
        {/* Name from content, "Play card: <title>"; category, prompt and fit are its description. (An
            aria-label would hide that visible text from the name: WCAG 2.5.3, label in name.) */}
        <span id={`${describedBy}-category`} aria-hidden="true" className="card-category">
          {card.category.framework} · {card.category.key.replace(/-/g, ' ')}
        </span>
        <span className="card-title">
          <span className="visually-hidden">Play card: </span>
          {card.title}
        </span>
        <span id={`${describedBy}-prompt`} aria-hidden="true" className="card-prompt">
          {card.prompt}
        </span>
        {reasons && reasons.length > 0 && (
          <span id={`${describedBy}-reasons`} aria-hidden="true" className="card-reasons">
            Fits: {reasons.join(', ')}
          </span>
        )}
        {added && (
          <span id={`${describedBy}-added`} aria-hidden="true" className="card-added">
            ✓ Already added here
          </span>
        )}
      </button>
      <div ref={ghost} className="palette-ghost card-ghost" hidden aria-hidden="true">
        {card.title}
      </div>
    </li>
  );
}

function DeckFiles({ decks }: { decks: Deck[] }) {
  const custom = useDeckLibrary((s) => s.custom);
  const importDeck = useDeckLibrary((s) => s.importDeck);
  const remove = useDeckLibrary((s) => s.remove);
  const [exportId, setExportId] = useState(decks[0]?.id ?? '');
  return (
    <section className="deck-files" aria-label="Deck files">
      <button
        type="button"
        className="button"
        onClick={async () => {
          const file = await platform.openFile({ kind: 'deck' });
          if (file.status === 'error') return notify.error(file.message);
          if (file.status !== 'opened') return;
          const result = await importDeck(file.fileName, file.content);
          if (result.ok) notify.info(`Imported the deck “${result.deck.name}” (${result.deck.cards.length} cards).`);
          else notify.error(result.message, result.details);
        }}
      >
        Import deck…
      </button>
      <div className="button-row">
        <select aria-label="Deck to export" value={exportId} onChange={(e) => setExportId(e.target.value)}>
          {decks.map((deck) => (
            <option key={deck.id} value={deck.id}>
              {deck.name}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button"
          onClick={async () => {
            const deck = decks.find((d) => d.id === exportId);
            if (!deck) return;
            const result = await platform.saveFile({ suggestedName: `${deck.id}.deck.json`, content: serializeDeck(deck), kind: 'json' });
            if (result.status === 'error') notify.error(result.message);
          }}
        >
          Export deck
        </button>
      </div>
      {custom.map((deck) => (
        <p key={deck.id} className="custom-deck">
          {deck.name}
          <button type="button" className="button button-quiet button-danger" aria-label={`Remove deck ${deck.name}`} onClick={() => void remove(deck.id)}>
            Remove
          </button>
        </p>
      ))}
    </section>
  );
}
