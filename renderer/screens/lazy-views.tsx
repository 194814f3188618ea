/**
 * The views besides the canvas, loaded on first use (or once a session is open and the page is
 * idle: `preloadViews`), so opening a session parses only what the canvas needs.
 */
import { lazy, Suspense, type ReactNode } from 'react';

const loadInsights = () => import('../insights/InsightsView.tsx');
const loadBacklog = () => import('../backlog/BacklogView.tsx');
const loadReport = () => import('../report/ReportView.tsx');

export const InsightsView = lazy(() => loadInsights().then((module) => ({ default: module.InsightsView })));
export const BacklogView = lazy(() => loadBacklog().then((module) => ({ default: module.BacklogView })));
export const ReportView = lazy(() => loadReport().then((module) => ({ default: module.ReportView })));

/** Loads the views when the page is idle; returns the cancel. */
export function preloadViews(): () => void {
  const load = () => void Promise.all([loadInsights(), loadBacklog(), loadReport()]).catch(() => undefined);
  if (typeof requestIdleCallback !== 'function') {
    const timer = setTimeout(load, 1_500);
    return () => clearTimeout(timer);
  }
  const idle = requestIdleCallback(load, { timeout: 5_000 });
  return () => cancelIdleCallback(idle);
}

/** Shows "Loading…" while a lazy view arrives. */
export function ViewLoading({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <p className="loading" role="status">
          Loading…
        </p>
      }
    >
      {children}
    </Suspense>
  );
}
