/**
 * Long rendering in slices: a view with thousands of rows shows the first `first` at once and
 * more in each later task, so the page paints early, stays responsive (switching to another view
 * stops the work: the component unmounts) and can show how far it is. Slices double up to `max`:
 * each slice costs a layout of what is already there, so a few growing slices cost less in all
 * than many equal ones. Only grows: new content (a larger `total`) continues from where it is.
 */
import { useEffect, useState } from 'react';

export function useProgressiveCount(total: number, first: number, max = first * 8): number {
  const [{ shown }, setState] = useState({ shown: first, step: first });
  useEffect(() => {
    if (shown >= total) return;
    // A task of its own, after this commit: the browser lays out and paints what is there first.
    const timer = setTimeout(() => setState((s) => ({ shown: s.shown + Math.min(max, s.step * 2), step: Math.min(max, s.step * 2) })), 0);
    return () => clearTimeout(timer);
  }, [shown, total, max]);
  return Math.min(shown, total);
}
