import { create } from 'zustand';
import { describeMapped, IMPORT_FORMAT_LABELS } from '../../shared/import/report.ts';
import type { ImportFormat, ImportReport } from '../../shared/import/index.ts';
import { Dialog } from '../components/Dialog.tsx';

interface Shown {
  fileName: string;
  format: ImportFormat;
  report: ImportReport;
}

export const useImportReport = create<{ shown: Shown | null }>()(() => ({ shown: null }));

/** What an import brought in, what it left out and why: nothing is dropped silently. */
export function ImportReportDialog() {
  const shown = useImportReport((s) => s.shown);
  if (!shown) return null;
  const close = () => useImportReport.setState({ shown: null });
  const { report } = shown;
  return (
    <Dialog title="Import report" onClose={close}>
      <p>
        Imported <strong>{shown.fileName}</strong> ({IMPORT_FORMAT_LABELS[shown.format]}): {describeMapped(report.mapped).join(', ') || 'nothing to map'}.
      </p>
      {report.skipped.length > 0 && (
        <section aria-labelledby="import-skipped">
          <h3 id="import-skipped">Not imported ({report.skipped.length})</h3>
          <ul className="import-list">
            {report.skipped.slice(0, 200).map((item, index) => (
              <li key={index}>
                <strong>{item.what}</strong> <span className="field-hint">{item.where}</span> — {item.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
      {report.warnings.length > 0 && (
        <section aria-labelledby="import-warnings">
          <h3 id="import-warnings">Changed on the way in ({report.warnings.length})</h3>
          <ul className="import-list">
            {report.warnings.slice(0, 200).map((warning, index) => (
              <li key={index}>{warning}</li>
            ))}
          </ul>
        </section>
      )}
      <div className="dialog-actions">
        <button type="button" className="button button-primary" onClick={close} autoFocus>
          OK
        </button>
      </div>
    </Dialog>
  );
}
