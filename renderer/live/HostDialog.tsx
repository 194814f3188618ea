/**
 * "Host live workshop": the facilitator picks the network to offer the room on, starts it, and
 * shows the join link and its QR code to the room; the dialog lists who is connected and stops
 * the room. Nothing listens on the network before Start or after Stop.
 */
import { plural } from '../../shared/plural.ts';
import { useEffect, useState } from 'react';
import type { LiveInterface } from '../../shared/platform-api.ts';
import { Dialog } from '../components/Dialog.tsx';
import { platform } from '../platform/current-platform.ts';
import { hostInterfaces, startHosting, stopHosting, useLiveHost } from './host-room.ts';
import { QrCode } from './QrCode.tsx';

export function HostDialog({ onClose }: { onClose(): void }) {
  const api = platform.live;
  const host = useLiveHost();
  const [interfaces, setInterfaces] = useState<LiveInterface[] | null>(null);
  const [address, setAddress] = useState('');
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!api || host.status === 'hosting') return;
    let alive = true;
    void hostInterfaces(api).then((found) => {
      if (!alive) return;
      setInterfaces(found);
      // The first network interface, if any: "this computer only" is for trying it out.
      setAddress((current) => current || (found.find((i) => i.address !== '127.0.0.1') ?? found[0])?.address || '');
    });
    return () => {
      alive = false;
    };
  }, [api, host.status]);

  if (!api) {
    return (
      <Dialog title="Host live workshop" onClose={onClose}>
        <p>
          Hosting a live workshop needs the Threatstorm desktop app, or the local server of <code>npm start</code> opened at its own address on this
          computer. This page cannot host.
        </p>
        <div className="dialog-actions">
          <button type="button" className="button button-primary" onClick={onClose}>
            Close
          </button>
        </div>
      </Dialog>
    );
  }

  const copy = async () => {
    if (!host.joinLink) return;
    try {
      await navigator.clipboard.writeText(host.joinLink);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <Dialog title="Host live workshop" onClose={onClose}>
      {host.status !== 'hosting' ? (
        <form
          className="host-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (address) void startHosting(api, address);
          }}
        >
          <p className="host-intro">
            Everyone in the room opens a link on their own laptop or phone and works on this session with you: no install, no account, no cloud. The
            session stays stored on this computer.
          </p>
          <div className="field">
            <label htmlFor="host-interface">Offer the room on</label>
            <select id="host-interface" className="host-interface" value={address} onChange={(event) => setAddress(event.target.value)} disabled={interfaces === null}>
              {(interfaces ?? []).map((i) => (
                <option key={i.address} value={i.address}>
                  {i.name} — {i.address}
                </option>
              ))}
            </select>
            <p className="field-hint">Only this network hears the room. Choose the room’s Wi-Fi, not a public one.</p>
          </div>
          {host.status === 'failed' && host.message && (
            <p className="form-error" role="alert">
              {host.message}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={!address || host.status === 'starting'}>
              {host.status === 'starting' ? 'Starting…' : 'Start hosting'}
            </button>
          </div>
        </form>
      ) : (
        <div className="host-live">
          <div className="host-join">
            {host.joinLink && <QrCode text={host.joinLink} label="QR code of the join link" />}
            <div className="host-join-text">
              <label htmlFor="join-link">Join link</label>
              <input id="join-link" className="join-link" readOnly value={host.joinLink ?? ''} onFocus={(event) => event.currentTarget.select()} />
              <button type="button" className="button copy-link" onClick={() => void copy()}>
                {copied ? 'Copied' : 'Copy link'}
              </button>
              <p className="field-hint">
                The link holds the room’s key: whoever has it can join while the room is open. Share it in the room only.
              </p>
            </div>
          </div>
          <h3 className="host-people-title">
            {host.people.length === 0 ? 'Nobody has joined yet' : `${plural(host.people.length, 'person', 'people')} connected`}
          </h3>
          {host.people.length > 0 && (
            <ul className="host-people" aria-label="Connected people">
              {host.people.map((person) => (
                <li key={person.participantId}>
                  {person.name}
                  {person.devices > 1 ? ` (${person.devices} devices)` : ''}
                </li>
              ))}
            </ul>
          )}
          <div className="dialog-actions">
            <button type="button" className="button button-danger" onClick={() => void stopHosting()}>
              Stop hosting
            </button>
            <button type="button" className="button button-primary" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
