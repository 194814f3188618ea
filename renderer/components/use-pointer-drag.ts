/**
 * Dragging something out of a panel with pointer events (mouse, pen, touch, and Playwright):
 * pointer capture on press, a drag only past a small threshold, and the click that follows a
 * drag swallowed so a drop is never also a press. Used by the step palette, threat cards and
 * unplaced threats.
 */
import { useRef, type PointerEvent as ReactPointerEvent } from 'react';

const DRAG_THRESHOLD = 4;

export interface PointerDragCallbacks {
  /** The pointer moved past the threshold: a drag, not a press. */
  onStart?(): void;
  onMove?(x: number, y: number): void;
  /** Released after a drag, at these viewport coordinates. */
  onDrop(x: number, y: number): void;
  /** After every press, drag or not, dropped or cancelled: clean up ghosts and highlights. */
  onEnd?(): void;
}

export function usePointerDrag(callbacks: PointerDragCallbacks) {
  const drag = useRef<{ x: number; y: number; active: boolean } | null>(null);
  const suppressClick = useRef(false);

  const finish = (event: ReactPointerEvent<HTMLElement>, drop: boolean) => {
    const current = drag.current;
    drag.current = null;
    callbacks.onEnd?.();
    if (!current?.active) return;
    suppressClick.current = true;
    if (drop) callbacks.onDrop(event.clientX, event.clientY);
  };

  return {
    handlers: {
      onPointerDown: (event: ReactPointerEvent<HTMLElement>) => {
        if (event.button !== 0) return;
        event.currentTarget.setPointerCapture(event.pointerId);
        drag.current = { x: event.clientX, y: event.clientY, active: false };
      },
      onPointerMove: (event: ReactPointerEvent<HTMLElement>) => {
        const current = drag.current;
        if (!current) return;
        if (!current.active && Math.hypot(event.clientX - current.x, event.clientY - current.y) > DRAG_THRESHOLD) {
          current.active = true;
          callbacks.onStart?.();
        }
        if (current.active) callbacks.onMove?.(event.clientX, event.clientY);
      },
      onPointerUp: (event: ReactPointerEvent<HTMLElement>) => finish(event, true),
      onPointerCancel: (event: ReactPointerEvent<HTMLElement>) => finish(event, false),
    },
    /** Call first in onClick: false when the click only ends a drag. */
    isRealClick(): boolean {
      const real = !suppressClick.current;
      suppressClick.current = false;
      return real;
    },
  };
}
