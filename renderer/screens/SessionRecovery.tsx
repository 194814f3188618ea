/**
 * What a person can do with a stored session that does not open (it breaks a rule of the
 * format): never a dead end. *Save the original to a file* keeps the stored text exactly as it is;
 * *Repair…* lists every change the repair would make, and only after "Repair and open" replaces
 * the stored session — keeping the original as a "Before repair" snapshot first.
 */
import { useEffect, useState } from 'react';
import { repairSessionDocument, type RepairResult } from '../../shared/repair.ts';
import type { SessionRepository } from '../db/session-repository.ts';
import { describeStorageError } from '../db/session-repository.ts';
import { ask } from '../components/confirm.tsx';
import { notify } from '../notices.ts';
import { platform } from '../platform/current-platform.ts';
import { sessionFileName } from '../session-files.ts';

type Found = { raw: unknown; repair: RepairResult } | null;

/** The stored text of a session as it is (for "Save the original"): JSON, or null when it is not JSON-able. */
export function originalText(raw: unknown): string | null {
  try {
    const text = JSON.stringify(raw, null, 2);
    return typeof text === 'string' ? `${text}\n` : null;
  } catch {
    return null;
  }
}

function titleOf(raw: unknown): string {
  const session = (raw as { session?: { title?: unknown } } | null)?.session;
  return typeof session?.title === 'string' && session.title.trim() !== '' ? session.title : 'session';
}

export function SessionRecovery({ sessionId, repository, onRepaired }: { sessionId: string; repository: SessionRepository; onRepaired(): void }) {
  const [found, setFound] = useState<Found | 'looking'>('looking');

  useEffect(() => {
    let alive = true;
    repository.readStored(sessionId).then(
      (raw) => alive && setFound(raw === undefined ? null : { raw, repair: repairSessionDocument(raw) }),
      () => alive && setFound(null),
    );
    return () => {
      alive = false;
    };
  }, [sessionId, repository]);

  // Nothing stored, or nothing the repair would change (the failure is elsewhere, e.g. a missing block).
  if (found === 'looking' || found === null || (found.repair.ok && found.repair.changes.length === 0)) return null;
  const text = originalText(found.raw);

  const saveOriginal = async () => {
    if (text === null) return notify.error('The stored session cannot be written as a file: it is not plain JSON.');
    const result = await platform.saveFile({ suggestedName: sessionFileName(`${titleOf(found.raw)} original`), content: text, kind: 'session' });
    if (result.status === 'saved') notify.info(`The original is saved to "${result.fileName}", exactly as it was stored.`);
    else if (result.status === 'error') notify.error(`Could not save the file: ${result.message}`);
  };

  const repair = async () => {
    if (!found.repair.ok) return;
    const { document, changes } = found.repair;
    const choice = await ask({
      title: 'Repair this session?',
      message: `The repair makes ${changes.length === 1 ? 'this change' : `these ${changes.length} changes`}. The stored original is kept as the snapshot “Before repair”${text === null ? '' : ', and you can also save it to a file first'}.`,
      details: changes,
      actions: [{ label: 'Repair and open', value: 'repair', tone: 'primary' }],
    });
    if (choice !== 'repair') return;
    try {
      await repository.replaceWithRepaired(found.raw, document);
    } catch (error) {
      return notify.error(`The repaired session could not be stored: ${describeStorageError(error)}`);
    }
    notify.info(`Repaired “${document.session.title}”: ${changes.length} ${changes.length === 1 ? 'change' : 'changes'}. The original is the snapshot “Before repair”.`);
    onRepaired();
  };

  return (
    <section className="session-recovery" aria-label="Recover this session">
      {found.repair.ok ? (
        <p>
          Threatstorm can repair it: {found.repair.changes.length} {found.repair.changes.length === 1 ? 'change' : 'changes'}, each listed before anything is
          replaced.
        </p>
      ) : (
        <p>It cannot be repaired automatically: {found.repair.error}</p>
      )}
      <div className="dialog-actions">
        {found.repair.ok && (
          <button type="button" className="button button-primary" onClick={() => void repair()}>
            Repair…
          </button>
        )}
        {text !== null && (
          <button type="button" className="button" onClick={() => void saveOriginal()}>
            Save the original to a file
          </button>
        )}
      </div>
    </section>
  );
}
