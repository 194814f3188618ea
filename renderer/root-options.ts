import type { RootOptions } from 'react-dom/client';

/**
 * How the app's React root reports errors. A view that fails is caught by its error boundary,
 * which tells the person and offers the details to copy: the app handled it, so it is a warning
 * in the console, not an error. Errors no boundary catches keep React's default (an error).
 */
export const ROOT_OPTIONS: RootOptions = {
  onCaughtError: (error, info) => console.warn('A view failed and shows its error message instead:', error, info.componentStack ?? ''),
};
