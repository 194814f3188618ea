import { useCallback, useEffect, useRef, useState } from 'react';
import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  ConnectionMode,
  Controls,
  MiniMap,
  ReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type OnSelectionChangeParams,
  type ReactFlowInstance,
  type Viewport,
} from '@xyflow/react';
import type { Flow, Step, Viewport as StoredViewport } from '../../shared/schema.ts';
import { notify } from '../notices.ts';
import { connectSteps, deleteSelection, moveStepsTo, rememberViewport } from '../store/journey-actions.ts';
import { sessionStore, useSession } from '../store/session-store.ts';
import { useThemeChoice } from '../theme.ts';
import { useCanvasUi } from './canvas-ui-store.ts';
import { FlowEdge, type FlowFlowEdge } from './FlowEdge.tsx';
import { reconcileEdges, reconcileNodes } from './node-model.ts';
import { initialViewport as readableStart } from './fit-view.ts';
import { StepNode, type StepFlowNode } from './StepNode.tsx';

// Defined once, outside any component: React Flow re-creates every node when these change.
const nodeTypes = { step: StepNode };
const edgeTypes = { flow: FlowEdge };
const EMPTY_STEPS: Step[] = [];
const EMPTY_FLOWS: Flow[] = [];
const proOptions = { hideAttribution: true };
const deleteKeys = ['Delete', 'Backspace'];
const multiSelectKeys = ['Shift', 'Meta', 'Control'];

function minimapColor(node: StepFlowNode): string {
  return `var(--kind-${node.data.step.kind})`;
}

export function JourneyCanvas({ journeyId }: { journeyId: string }) {
  const theme = useThemeChoice((state) => state.theme);
  const steps = useSession((state) => state.document?.steps ?? EMPTY_STEPS);
  const flows = useSession((state) => state.document?.flows ?? EMPTY_FLOWS);
  const journeyName = useSession((state) => state.document?.journeys.find((j) => j.id === journeyId)?.name ?? '');
  const pending = useCanvasUi((state) => state.pendingSelection);
  const coverage = useCanvasUi((state) => state.coverage);
  const walking = useCanvasUi((state) => state.walkStepId !== null);
  // The stored viewport matters only when the canvas mounts; later moves are ours.
  const [initialViewport] = useState<StoredViewport | undefined>(
    () => sessionStore.getState().document?.journeys.find((j) => j.id === journeyId)?.viewport,
  );

  const skipNextMoveEnd = useRef(false);
  const [nodes, setNodes] = useState<StepFlowNode[]>(() => reconcileNodes([], steps, journeyId, null));
  const [edges, setEdges] = useState<FlowFlowEdge[]>(() => reconcileEdges([], flows, journeyId));
  const [seen, setSeen] = useState({ steps, flows, pending });
  // Derived state, updated during render: the canvas never paints a frame with stale nodes.
  if (seen.steps !== steps || seen.flows !== flows || seen.pending !== pending) {
    setSeen({ steps, flows, pending });
    if (seen.steps !== steps || seen.pending !== pending) {
      setNodes((previous) => reconcileNodes(previous, steps, journeyId, pending ? new Set(pending) : null));
    }
    if (seen.flows !== flows) setEdges((previous) => reconcileEdges(previous, flows, journeyId));
  }
  useEffect(() => {
    if (pending) useCanvasUi.setState({ pendingSelection: null });
  }, [pending]);

  const onNodesChange = useCallback((changes: NodeChange<StepFlowNode>[]) => {
    setNodes((current) => applyNodeChanges(changes, current));
    // Positions reach the document once per gesture: at the end of a drag, or per keyboard nudge.
    const moved = new Map<string, { x: number; y: number }>();
    for (const change of changes) {
      if (change.type === 'position' && change.position && change.dragging === false) moved.set(change.id, change.position);
    }
    if (moved.size > 0) moveStepsTo(moved);
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<FlowFlowEdge>[]) => {
    setEdges((current) => applyEdgeChanges(changes, current));
  }, []);

  const onDelete = useCallback(({ nodes: deletedNodes, edges: deletedEdges }: { nodes: StepFlowNode[]; edges: FlowFlowEdge[] }) => {
    deleteSelection(
      deletedNodes.map((node) => node.id),
      deletedEdges.map((edge) => edge.id),
    );
  }, []);

  const onConnect = useCallback((connection: Connection) => {
    const problem = connectSteps(connection.source, connection.target);
    if (problem) notify.info(problem);
  }, []);

  const onSelectionChange = useCallback(({ nodes: selectedNodes, edges: selectedEdges }: OnSelectionChangeParams) => {
    useCanvasUi.getState().setSelection(
      selectedNodes.map((node) => node.id),
      selectedEdges.map((edge) => edge.id),
    );
  }, []);

  // A journey never viewed before opens at a readable zoom, at its first step.
  const onInit = useCallback(
    (instance: ReactFlowInstance<StepFlowNode, FlowFlowEdge>) => {
      const pane = document.querySelector('.canvas .react-flow');
      const journeySteps = (sessionStore.getState().document?.steps ?? []).filter((step) => step.journeyId === journeyId);
      if (!pane || journeySteps.length === 0) return;
      skipNextMoveEnd.current = true;
      void instance.setViewport(readableStart(journeySteps, pane.clientWidth, pane.clientHeight));
    },
    [journeyId],
  );

  // The first view is ours, not the person's: remembering it would rewrite the whole session
  // every time a journey is opened. Later moves (pans, zooms, the zoom buttons) are remembered.
  const onMoveEnd = useCallback(
    (_event: unknown, viewport: Viewport) => {
      if (skipNextMoveEnd.current) {
        skipNextMoveEnd.current = false;
        return;
      }
      rememberViewport(journeyId, viewport);
    },
    [journeyId],
  );

  const onNodeDoubleClick = useCallback((_event: unknown, node: StepFlowNode) => useCanvasUi.getState().setEditing(node.id), []);

  return (
    <section className={`canvas${coverage ? ' coverage-on' : ''}${walking ? ' walk-on' : ''}`} aria-label={`Journey canvas: ${journeyName}`}>
      <ReactFlow<StepFlowNode, FlowFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onDelete={onDelete}
        onConnect={onConnect}
        onSelectionChange={onSelectionChange}
        onMoveEnd={onMoveEnd}
        onNodeDoubleClick={onNodeDoubleClick}
        connectionMode={ConnectionMode.Loose}
        deleteKeyCode={deleteKeys}
        multiSelectionKeyCode={multiSelectKeys}
        selectionOnDrag={false}
        zoomOnDoubleClick={false}
        colorMode={theme}
        minZoom={0.1}
        maxZoom={2.5}
        {...(initialViewport ? { defaultViewport: initialViewport } : {})}
        onInit={initialViewport ? undefined : onInit}
        proOptions={proOptions}
        onlyRenderVisibleElements={nodes.length > 150}
      >
        <Background gap={24} />
        <Controls position="bottom-left" />
        <MiniMap position="bottom-right" pannable zoomable ariaLabel="Journey overview" nodeColor={minimapColor} nodeStrokeWidth={0} />
      </ReactFlow>
      {nodes.length === 0 && (
        <div className="canvas-empty">
          <p>
            This journey has no steps yet. Drag a step kind from the palette, press a palette button, or start from a template.
          </p>
        </div>
      )}
    </section>
  );
}
