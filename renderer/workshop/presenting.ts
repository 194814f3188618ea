/**
 * The presenter's view for a projector: editing chrome out of the way, the journey laid out to
 * be read from the back of the room (see canvas/present-layout.ts), full screen when the
 * browser allows it. Leaving full screen (Escape in most browsers) leaves the presenter's view.
 */
import { useEffect } from 'react';
import { useCanvasUi } from '../canvas/canvas-ui-store.ts';

export function setPresenting(on: boolean): void {
  useCanvasUi.getState().setPresenting(on);
  // Full screen is a nicety: a browser may refuse it (no user gesture, kiosk policy).
  if (on) void document.documentElement.requestFullscreen?.().catch(() => undefined);
  else if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
}

/** Leaving full screen ends the presenter's view; the session screen leaving ends both. */
export function usePresentingFollowsFullScreen(): void {
  useEffect(() => {
    const onChange = () => {
      if (!document.fullscreenElement && useCanvasUi.getState().presenting) useCanvasUi.getState().setPresenting(false);
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => {
      document.removeEventListener('fullscreenchange', onChange);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    };
  }, []);
}
