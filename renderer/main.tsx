import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles/app.css';
import './styles/live.css';
import { App } from './App.tsx';
import { ROOT_OPTIONS } from './root-options.ts';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
createRoot(root, ROOT_OPTIONS).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
