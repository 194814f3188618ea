/**
 * The step clipboard. In memory on purpose: steps copied in one journey or session paste into
 * another, and nothing of a (possibly confidential) threat model lands on the system clipboard.
 */
import type { StepClipboard } from '../../shared/document-ops.ts';

let contents: StepClipboard | null = null;
let pasteCount = 0;

export const stepClipboard = {
  set(value: StepClipboard): void {
    contents = value;
    pasteCount = 0;
  },
  get(): StepClipboard | null {
    return contents;
  },
  /** Each paste lands a little further down and right, so pastes never stack invisibly. */
  nextOffset(): { x: number; y: number } {
    pasteCount += 1;
    return { x: 40 * pasteCount, y: 40 * pasteCount };
  },
};
