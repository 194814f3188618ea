/**
 * What crosses the room besides the session itself: my selection (others see a marker on the
 * step I am on) and, from the facilitator, the walk and the presenter view, which participants'
 * screens follow unless they choose to look around on their own.
 */
import { useEffect } from 'react';
import { useCanvasUi } from '../canvas/canvas-ui-store.ts';
import { publishHostAwareness, useLiveHost } from './host-room.ts';
import { publishSelection, useParticipant } from './participant-room.ts';
import { hostPresence, usePresence } from './presence.ts';

/** While hosting: the facilitator's selection, walk and presenter view go to the room. */
export function useHostBridge(): void {
  const hosting = useLiveHost((s) => s.status === 'hosting');
  useEffect(() => {
    if (!hosting) return;
    const publish = () => {
      const ui = useCanvasUi.getState();
      publishHostAwareness({
        journeyId: ui.activeJourneyId,
        selection: ui.selectedStepIds[0] ?? null,
        walk: ui.walkStepId !== null && ui.activeJourneyId ? { journeyId: ui.activeJourneyId, stepId: ui.walkStepId } : null,
        presenting: ui.presenting,
      });
    };
    publish();
    return useCanvasUi.subscribe((state, previous) => {
      if (
        state.selectedStepIds[0] !== previous.selectedStepIds[0] ||
        state.walkStepId !== previous.walkStepId ||
        state.presenting !== previous.presenting ||
        state.activeJourneyId !== previous.activeJourneyId
      ) {
        publish();
      }
    });
  }, [hosting]);
}

/** In a participant's browser: publish my selection; follow the facilitator while following. */
export function useParticipantBridge(): void {
  const joined = useParticipant((s) => s.status === 'joined' || s.status === 'offline');
  useEffect(() => {
    if (!joined) return;
    const unsubscribeUi = useCanvasUi.subscribe((state, previous) => {
      if (state.selectedStepIds[0] !== previous.selectedStepIds[0]) publishSelection(state.selectedStepIds[0] ?? null);
    });
    const follow = () => {
      if (!useParticipant.getState().following) return;
      const host = hostPresence(usePresence.getState().people);
      const ui = useCanvasUi.getState();
      const walk = host?.walk ?? null;
      if (host?.journeyId && !walk && ui.activeJourneyId !== host.journeyId) ui.setActiveJourney(host.journeyId);
      if (walk) {
        if (ui.activeJourneyId !== walk.journeyId) ui.setActiveJourney(walk.journeyId);
        if (ui.walkStepId !== walk.stepId) useCanvasUi.getState().setWalkStep(walk.stepId);
      } else if (ui.walkStepId !== null && host) {
        ui.setWalkStep(null);
      }
      const presenting = host?.presenting ?? false;
      if (ui.presenting !== presenting && host) ui.setPresenting(presenting);
    };
    follow();
    const unsubscribePresence = usePresence.subscribe(follow);
    const unsubscribeFollowing = useParticipant.subscribe((state, previous) => {
      if (state.following && !previous.following) follow();
    });
    return () => {
      unsubscribeUi();
      unsubscribePresence();
      unsubscribeFollowing();
    };
  }, [joined]);
}
