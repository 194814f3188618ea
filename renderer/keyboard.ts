/** True while the person types in a field: app shortcuts step aside for the field's own keys. */
export function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/**
 * True when the keyboard is on the canvas itself or on a step or flow in it, not on one of its
 * buttons (zoom, map): there the canvas's keys (Enter renames the selected step) apply.
 */
export function isOnCanvas(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('button, a, input, select, textarea, [role="tab"], [role="button"]')) return false;
  return target.closest('.react-flow__node, .react-flow__edge') !== null || target.id === 'journey-canvas' || target.classList.contains('react-flow__pane');
}

/**
 * The work area's regions in order, for F6 / Shift+F6 (and the skip links): the sidebar with
 * the palette and threat cards, the canvas, the inspector. Each says where the focus lands.
 */
const REGIONS: ReadonlyArray<{ id: string; target(region: HTMLElement): HTMLElement }> = [
  { id: 'workspace-sidebar', target: (region) => region.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]') ?? region },
  { id: 'journey-canvas', target: (region) => region.querySelector<HTMLElement>('.react-flow__node.selected') ?? region },
  { id: 'inspector', target: (region) => region },
];

/** Moves the focus into a region of the work area by its id (see REGIONS). */
export function focusRegion(id: string): boolean {
  const region = REGIONS.find((r) => r.id === id);
  const element = region ? document.getElementById(region.id) : null;
  if (!region || !element || element.offsetParent === null) return false;
  region.target(element).focus({ preventScroll: true });
  return true;
}

/** F6 / Shift+F6: the next (or previous) region that is on screen. */
export function cycleRegion(step: 1 | -1): void {
  const active = document.activeElement;
  const current = REGIONS.findIndex((r) => active instanceof Element && active.closest(`#${r.id}`) !== null);
  for (let i = 1; i <= REGIONS.length; i++) {
    const index = (((current < 0 ? (step > 0 ? -1 : 0) : current) + step * i) % REGIONS.length + REGIONS.length) % REGIONS.length;
    if (focusRegion(REGIONS[index]!.id)) return;
  }
}
