import type { StepKind } from '../../shared/schema.ts';

/** Small line icons, one per kind, so kinds differ by shape as well as colour. */
const PATHS: Record<StepKind, string> = {
  start: 'M6 4l10 6-10 6z',
  action: 'M10 3a3 3 0 110 6 3 3 0 010-6zm-6 14c0-3.3 2.7-5 6-5s6 1.7 6 5',
  decision: 'M10 2l8 8-8 8-8-8z',
  system: 'M3 4h14v9H3zM7 17h6M10 13v4',
  datastore: 'M4 5c0-1.7 2.7-3 6-3s6 1.3 6 3v10c0 1.7-2.7 3-6 3s-6-1.3-6-3zM4 5c0 1.7 2.7 3 6 3s6-1.3 6-3',
  thirdparty: 'M10 2a8 8 0 100 16 8 8 0 000-16zM2 10h16M10 2c2.5 2.5 2.5 13.5 0 16M10 2c-2.5 2.5-2.5 13.5 0 16',
  end: 'M4 4h12v12H4z',
};

export function StepKindIcon({ kind }: { kind: StepKind }) {
  return (
    <svg className="step-kind-icon" viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={PATHS[kind]} />
    </svg>
  );
}
