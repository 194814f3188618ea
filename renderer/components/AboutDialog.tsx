import { useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/platform-api.ts';
import { platform } from '../platform/current-platform.ts';
import { Dialog } from './Dialog.tsx';

export function AboutDialog({ onClose }: { onClose(): void }) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    void platform.appInfo().then(setInfo);
  }, []);
  return (
    <Dialog title="About Threatstorm" onClose={onClose}>
      <p>Threat-storm your user journeys and leave with a prioritized security backlog.</p>
      {info && (
        <p>
          Version {info.version} · {info.shell === 'electron' ? 'Desktop app' : 'Browser'} · {info.os}
        </p>
      )}
      <p>Everything stays on this computer. Threatstorm makes no network requests.</p>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </Dialog>
  );
}
