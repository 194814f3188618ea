/** How each step kind is named and described to people; the canvas and palette use this. */
import type { StepKind } from './schema.ts';

export interface StepKindInfo {
  kind: StepKind;
  name: string;
  hint: string;
  defaultLabel: string;
}

export const STEP_KINDS: readonly StepKindInfo[] = [
  { kind: 'start', name: 'Start', hint: 'Where the journey begins', defaultLabel: 'Start' },
  { kind: 'action', name: 'User action', hint: 'Something the user does', defaultLabel: 'User does something' },
  { kind: 'decision', name: 'Decision', hint: 'A check with more than one way on', defaultLabel: 'Is it valid?' },
  { kind: 'system', name: 'System / service', hint: 'Our code doing work', defaultLabel: 'Service handles it' },
  { kind: 'datastore', name: 'Data store', hint: 'Where data is kept', defaultLabel: 'Database' },
  { kind: 'thirdparty', name: 'Third party', hint: 'A vendor or outside service', defaultLabel: 'Vendor' },
  { kind: 'end', name: 'End', hint: 'Where the journey ends', defaultLabel: 'Done' },
];

export function stepKindInfo(kind: StepKind): StepKindInfo {
  return STEP_KINDS.find((info) => info.kind === kind) ?? STEP_KINDS[1]!;
}

/** The data-handled tags offered as chips; people can add their own. */
export const STANDARD_DATA_TAGS = ['credentials', 'payment', 'personal', 'health', 'location', 'messages', 'files', 'other'] as const;
