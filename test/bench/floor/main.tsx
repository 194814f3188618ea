/**
 * The benchmark's floor: a bare React Flow page with plain default nodes and edges, the same
 * React and React Flow as the app, no custom node or edge types, no store, no persistence.
 * It loads `?graph=<file>` (written next to it by test/bench/run.ts: node positions, edges and
 * the initial viewport the app would choose) and renders it full-window.
 */
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ReactFlow, useEdgesState, useNodesState, type Edge, type Node, type Viewport } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './floor.css';

export interface FloorGraph {
  nodes: { id: string; x: number; y: number; label: string }[];
  edges: { id: string; source: string; target: string }[];
  viewport: Viewport;
}

function Floor({ graph }: { graph: FloorGraph }) {
  const [nodes, , onNodesChange] = useNodesState<Node>(graph.nodes.map((n) => ({ id: n.id, position: { x: n.x, y: n.y }, data: { label: n.label } })));
  const [edges, , onEdgesChange] = useEdgesState<Edge>(graph.edges);
  return <ReactFlow nodes={nodes} edges={edges} onNodesChange={onNodesChange} onEdgesChange={onEdgesChange} defaultViewport={graph.viewport} />;
}

function Loader() {
  const [graph, setGraph] = useState<FloorGraph | null>(null);
  useEffect(() => {
    const file = new URLSearchParams(window.location.search).get('graph') ?? 'graph.json';
    void fetch(`./${encodeURIComponent(file)}`)
      .then((response) => response.json() as Promise<FloorGraph>)
      .then(setGraph);
  }, []);
  return graph ? <Floor graph={graph} /> : null;
}

const root = document.getElementById('root');
if (!root) throw new Error('no #root');
createRoot(root).render(
  <StrictMode>
    <Loader />
  </StrictMode>,
);
