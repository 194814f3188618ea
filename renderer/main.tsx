import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles/app.css';
import { App } from './App.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
// A view that fails is caught by its error boundary, which tells the person and offers the
// details to copy: the app handled it, so it is a warning in the console, not an error. Errors
// no boundary catches keep React's default (an error).
createRoot(root, {
  onCaughtError: (error, info) => console.warn('A view failed and shows its error message instead:', error, info.componentStack ?? ''),
}).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
