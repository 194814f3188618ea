import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  ConnectionMode,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
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
import { fitMargins, MINIMAP_SIZE, openingViewport, showsAnyStep } from './fit-view.ts';
import { presentLayout } from './present-layout.ts';
import { StepNode, type StepFlowNode } from './StepNode.tsx';
import { performViewRequest } from './view-requests.ts';

// Defined once, outside any component: React Flow re-creates every node when these change.
const nodeTypes = { step: StepNode };
const edgeTypes = { flow: FlowEdge };
const EMPTY_STEPS: Step[] = [];
const EMPTY_FLOWS: Flow[] = [];
const proOptions = { hideAttribution: true };
const deleteKeys = ['Delete', 'Backspace'];
const multiSelectKeys = ['Shift', 'Meta', 'Control'];
const minimapStyle = { width: MINIMAP_SIZE.width, height: MINIMAP_SIZE.height };
/** How long after a move of ours its end event may still arrive (animations included). */
const OUR_MOVE_MS = 600;

function minimapColor(node: StepFlowNode): string {
  return `var(--kind-${node.data.step.kind})`;
}

export function JourneyCanvas({ journeyId }: { journeyId: string }) {
  const theme = useThemeChoice((state) => state.theme);
  const flow = useReactFlow<StepFlowNode, FlowFlowEdge>();
  const steps = useSession((state) => state.document?.steps ?? EMPTY_STEPS);
  const flows = useSession((state) => state.document?.flows ?? EMPTY_FLOWS);
  const journeyName = useSession((state) => state.document?.journeys.find((j) => j.id === journeyId)?.name ?? '');
  const pending = useCanvasUi((state) => state.pendingSelection);
  const coverage = useCanvasUi((state) => state.coverage);
  const walking = useCanvasUi((state) => state.walkStepId !== null);
  const presenting = useCanvasUi((state) => state.presenting);
  const minimapOpen = useCanvasUi((state) => state.minimapOpen);
  const viewRequest = useCanvasUi((state) => state.viewRequest);
  // The stored viewport matters only when the canvas mounts; later moves are ours.
  const [initialViewport] = useState<StoredViewport | undefined>(
    () => sessionStore.getState().document?.journeys.find((j) => j.id === journeyId)?.viewport,
  );

  const section = useRef<HTMLElement>(null);
  // Moves the app makes (fits, the presenter's view) end before this time and are not
  // remembered as the person's view of the journey.
  const oursUntil = useRef(0);
  const markOurMove = useCallback(() => {
    oursUntil.current = performance.now() + OUR_MOVE_MS;
  }, []);
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

  // The canvas's size: the presenter's layout is made for it (and follows full screen).
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const element = section.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setSize({ width: element.clientWidth, height: element.clientHeight }));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Presenting: the journey as a snake of rows that fills the screen, never written back.
  const layout = useMemo(() => {
    if (!presenting || size.width === 0) return null;
    const stepIds = steps.filter((step) => step.journeyId === journeyId).map((step) => step.id);
    return presentLayout(stepIds, flows.filter((f) => f.journeyId === journeyId), size);
  }, [presenting, size, steps, flows, journeyId]);
  const shownNodes = useMemo(() => {
    if (!layout) return nodes;
    return nodes.map((node) => {
      const position = layout.positions.get(node.id);
      return position ? { ...node, position, draggable: false, data: { ...node.data, direction: layout.directions.get(node.id) ?? 'ltr' } } : node;
    });
  }, [nodes, layout]);

  // Entering the presenter's view: its own viewport; leaving it: back to where the person was.
  const editingViewport = useRef<Viewport | null>(null);
  useEffect(() => {
    if (!presenting) return;
    editingViewport.current = flow.getViewport();
    return () => {
      const back = editingViewport.current;
      if (!back) return;
      markOurMove();
      void flow.setViewport(back);
    };
  }, [presenting, flow, markOurMove]);
  useEffect(() => {
    if (!layout) return;
    markOurMove();
    void flow.setViewport(layout.viewport);
  }, [layout, flow, markOurMove]);

  // A view someone asked for (fit the journey, point out steps, show a new step).
  useEffect(() => {
    if (!viewRequest) return;
    let frame = 0;
    let tries = 0;
    const attempt = () => {
      const pane = section.current;
      const done = pane ? performViewRequest(flow, viewRequest, { width: pane.clientWidth, height: pane.clientHeight }, fitMargins(useCanvasUi.getState().minimapOpen), markOurMove) : false;
      // Nodes are drawn and measured a frame or two after they appear; wait for them, briefly.
      if (done || ++tries > 60) useCanvasUi.getState().requestView(null);
      else frame = requestAnimationFrame(attempt);
    };
    frame = requestAnimationFrame(attempt);
    return () => cancelAnimationFrame(frame);
  }, [viewRequest, flow, markOurMove]);

  const onNodesChange = useCallback((changes: NodeChange<StepFlowNode>[]) => {
    setNodes((current) => applyNodeChanges(changes, current));
    // Positions reach the document once per gesture: at the end of a drag, or per keyboard nudge.
    const moved = new Map<string, { x: number; y: number }>();
    for (const change of changes) {
      if (change.type === 'position' && change.position && change.dragging === false) moved.set(change.id, change.position);
    }
    if (moved.size > 0 && !useCanvasUi.getState().presenting) moveStepsTo(moved);
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

  // A journey opens with all of it in view (see openingViewport); so does one whose stored
  // view has drifted away from every step.
  const onInit = useCallback(
    (instance: ReactFlowInstance<StepFlowNode, FlowFlowEdge>) => {
      const pane = section.current;
      const journeySteps = (sessionStore.getState().document?.steps ?? []).filter((step) => step.journeyId === journeyId);
      // A view someone asked for (Insights pointing out steps) wins over the opening view.
      if (!pane || journeySteps.length === 0 || useCanvasUi.getState().viewRequest) return;
      if (initialViewport && showsAnyStep(journeySteps, initialViewport, pane.clientWidth, pane.clientHeight)) return;
      markOurMove();
      void instance.setViewport(openingViewport(journeySteps, pane.clientWidth, pane.clientHeight, fitMargins(useCanvasUi.getState().minimapOpen)));
    },
    [journeyId, initialViewport, markOurMove],
  );

  // Only the person's own moves (pans, zooms, the zoom buttons) are remembered: the app's fits
  // and the presenter's view are not, or opening a journey would rewrite the session.
  const onMoveEnd = useCallback(
    (_event: unknown, viewport: Viewport) => {
      if (performance.now() < oursUntil.current || useCanvasUi.getState().presenting) return;
      rememberViewport(journeyId, viewport);
    },
    [journeyId],
  );

  const onNodeDoubleClick = useCallback((_event: unknown, node: StepFlowNode) => useCanvasUi.getState().setEditing(node.id), []);

  return (
    <section
      ref={section}
      id="journey-canvas"
      tabIndex={-1}
      className={`canvas${coverage ? ' coverage-on' : ''}${walking ? ' walk-on' : ''}${presenting ? ' present-on' : ''}`}
      aria-label={`Journey canvas: ${journeyName}`}
    >
      <ReactFlow<StepFlowNode, FlowFlowEdge>
        nodes={shownNodes}
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
        nodesConnectable={!presenting}
        deleteKeyCode={presenting ? null : deleteKeys}
        multiSelectionKeyCode={multiSelectKeys}
        selectionOnDrag={false}
        zoomOnDoubleClick={false}
        colorMode={theme}
        minZoom={0.1}
        maxZoom={2.5}
        {...(initialViewport ? { defaultViewport: initialViewport } : {})}
        onInit={onInit}
        proOptions={proOptions}
        onlyRenderVisibleElements={nodes.length > 150}
      >
        <Background gap={24} />
        {!presenting && (
          <Controls position="bottom-left">
            <ControlButton
              onClick={() => useCanvasUi.getState().setMinimapOpen(!minimapOpen)}
              aria-pressed={minimapOpen}
              aria-label="Overview map"
              title={minimapOpen ? 'Hide the overview map' : 'Show the overview map'}
            >
              <span aria-hidden="true" className="minimap-toggle-icon" />
            </ControlButton>
          </Controls>
        )}
        {!presenting && minimapOpen && (
          <MiniMap position="bottom-right" style={minimapStyle} pannable zoomable ariaLabel="Journey overview" nodeColor={minimapColor} nodeStrokeWidth={0} />
        )}
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
