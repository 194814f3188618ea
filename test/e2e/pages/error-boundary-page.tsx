/**
 * A test page (bundled by error-boundary.test.ts, never part of the app): the app's own
 * ErrorBoundary and Dialog around a view that throws on demand, on a React root set up the way
 * the app's is (ROOT_OPTIONS). The throwing view and its switch live here, in the test, so the
 * app carries no test-only trigger.
 */
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '../../../renderer/styles/app.css';
import { Dialog } from '../../../renderer/components/Dialog.tsx';
import { ErrorBoundary } from '../../../renderer/components/ErrorBoundary.tsx';
import { ROOT_OPTIONS } from '../../../renderer/root-options.ts';

/** Throws while rendering, the way the report did on a split emoji ("URI malformed"). */
function Fragile({ broken }: { broken: boolean }) {
  if (broken) throw new URIError('URI malformed');
  return <p>The view works.</p>;
}

function TestPage() {
  const [broken, setBroken] = useState(false);
  const [returns, setReturns] = useState(0);
  const [dialogOpen, setDialogOpen] = useState(false);
  return (
    <main className="home-main">
      <h1>Error boundary test page</h1>
      <div className="button-row">
        <button type="button" className="button" onClick={() => setBroken(true)}>
          Break the view
        </button>
        <button type="button" className="button" onClick={() => setDialogOpen(true)}>
          Open a broken dialog
        </button>
      </div>
      <p>Went back {returns} times</p>
      <ErrorBoundary
        key={returns}
        what="The report"
        back={{
          label: 'Back to the canvas',
          run: () => {
            setBroken(false);
            setReturns((n) => n + 1);
          },
        }}
      >
        <Fragile broken={broken} />
      </ErrorBoundary>
      {dialogOpen && (
        <Dialog title="Broken dialog" onClose={() => setDialogOpen(false)}>
          <Fragile broken />
        </Dialog>
      )}
    </main>
  );
}

createRoot(document.getElementById('root')!, ROOT_OPTIONS).render(
  <StrictMode>
    <TestPage />
  </StrictMode>,
);
