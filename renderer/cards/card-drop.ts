/**
 * Where a card lands: the step or flow under the pointer. Nodes and edges carry React Flow's
 * `data-id`; flow labels carry our own `data-flow-id`.
 */
import type { ThreatAnchor } from '../../shared/threat-ops.ts';

export function anchorAt(x: number, y: number): { anchor: ThreatAnchor; element: Element } | null {
  const target = document.elementFromPoint(x, y);
  if (!target) return null;
  const node = target.closest('.react-flow__node[data-id]');
  if (node) return { anchor: { type: 'step', id: node.getAttribute('data-id')! }, element: node };
  const edge = target.closest('.react-flow__edge[data-id]');
  if (edge) return { anchor: { type: 'flow', id: edge.getAttribute('data-id')! }, element: edge };
  const label = target.closest('[data-flow-id]');
  if (label) return { anchor: { type: 'flow', id: label.getAttribute('data-flow-id')! }, element: label };
  return null;
}
