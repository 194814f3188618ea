/**
 * Hash routes, so a reload (or Electron's reload) comes back to the same screen:
 * `#/` is the home screen, `#/session/<id>` a session.
 */
import { useSyncExternalStore } from 'react';

export type Route = { name: 'home' } | { name: 'session'; id: string } | { name: 'join' };

export function parseRoute(hash: string): Route {
  // A live room's join link: `#room=…&key=…` (the key stays in the fragment, never sent).
  if (hash.startsWith('#room=')) return { name: 'join' };
  const match = /^#\/session\/([A-Za-z0-9_-]{1,64})$/.exec(hash);
  return match?.[1] ? { name: 'session', id: match[1] } : { name: 'home' };
}

export function navigate(route: Exclude<Route, { name: 'join' }>): void {
  window.location.hash = route.name === 'home' ? '#/' : `#/session/${route.id}`;
}

function subscribe(callback: () => void): () => void {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
