import { useEffect, useLayoutEffect, useRef } from 'react';
import { isDeterminate, type JobProgress } from './job-types.ts';
import { useRunningJob, type JobTitle } from './run-with-progress.ts';
import '../styles/progress.css';

const MB = 1024 * 1024;

/** "3.2 of 11.0 MB", "1,200 of 5,000", or nothing when the work cannot be counted. */
export function describeAmount(progress: JobProgress): string {
  if (!isDeterminate(progress)) return '';
  if (progress.unit === 'bytes') return `${(progress.done / MB).toFixed(1)} of ${(progress.total / MB).toFixed(1)} MB`;
  return `${progress.done.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')}`;
}

export function percentOf(progress: JobProgress): number | null {
  return isDeterminate(progress) ? Math.max(0, Math.min(100, Math.floor((progress.done / progress.total) * 100))) : null;
}

/**
 * The dialog of a long job: what it is doing, how far it is when that can be counted, and a
 * Cancel button (Escape cancels too). Modal like every dialog here, so nothing else starts while
 * the job runs; cancelling discards the job's result, so nothing is half-written.
 */
export function ProgressDialog() {
  const job = useRunningJob((s) => s.job);
  if (!job?.shown) return null;
  return <ProgressDialogView key={job.id} title={job.title} progress={job.progress} onCancel={job.cancel} />;
}

function ProgressDialogView({ title, progress, onCancel }: { title: JobTitle; progress: JobProgress; onCancel(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef(onCancel);
  useLayoutEffect(() => {
    cancelRef.current = onCancel;
  });
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // Escape fires `cancel`, or only `close` when Chromium's close watcher skips `cancel` (the
    // dialog opened without a click). Both mean "stop"; listeners go before our own close().
    const stop = () => cancelRef.current();
    dialog.addEventListener('cancel', stop);
    dialog.addEventListener('close', stop);
    if (!dialog.open) dialog.showModal();
    return () => {
      dialog.removeEventListener('cancel', stop);
      dialog.removeEventListener('close', stop);
      dialog.close();
    };
  }, []);
  const amount = describeAmount(progress);
  return (
    <dialog ref={ref} className="dialog progress-dialog" aria-labelledby="progress-dialog-title" aria-describedby="progress-dialog-phase">
      <h2 id="progress-dialog-title">
        {title.action} <span className="progress-subject">{title.subject}</span>
      </h2>
      <div className="progress-row">
        <p id="progress-dialog-phase" className="progress-phase" role="status">
          {progress.phase}…
        </p>
        {amount && <span className="progress-amount field-hint">{amount}</span>}
      </div>
      <ProgressBar progress={progress} />
      <div className="dialog-actions">
        <button type="button" className="button" autoFocus onClick={() => cancelRef.current()}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}

/**
 * A bar with `role="progressbar"`: `aria-valuenow` when the work is counted, none (and a moving
 * stripe) when it is not. The width goes through the CSSOM: the CSP forbids style attributes.
 */
export function ProgressBar({ progress, label = 'Progress' }: { progress: JobProgress; label?: string }) {
  const fill = useRef<HTMLDivElement>(null);
  const percent = percentOf(progress);
  useLayoutEffect(() => {
    if (fill.current) fill.current.style.width = percent === null ? '' : `${percent}%`;
  }, [percent]);
  const amount = describeAmount(progress);
  return (
    <div
      className={`progress-track${percent === null ? ' progress-indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={percent === null ? undefined : 0}
      aria-valuemax={percent === null ? undefined : 100}
      aria-valuenow={percent ?? undefined}
      aria-valuetext={percent === null ? undefined : `${percent}%${amount ? `, ${amount}` : ''}`}
    >
      <div ref={fill} className="progress-fill" />
    </div>
  );
}
