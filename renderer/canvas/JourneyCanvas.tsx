import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { useThemeChoice } from '../theme.ts';
import { useSession } from '../store/session-store.ts';

export function JourneyCanvas() {
  const theme = useThemeChoice((state) => state.theme);
  const journeyName = useSession((state) => state.document?.journeys[0]?.name ?? '');
  const stepCount = useSession((state) => state.document?.steps.length ?? 0);
  return (
    <ReactFlowProvider>
      <section className="canvas" aria-label={`Journey canvas: ${journeyName}`}>
        <ReactFlow nodes={[]} edges={[]} colorMode={theme} fitView proOptions={{ hideAttribution: true }}>
          <Background gap={24} />
          <Controls position="bottom-left" />
          <MiniMap position="bottom-right" pannable zoomable ariaLabel="Journey overview" />
        </ReactFlow>
        {stepCount === 0 && (
          <div className="canvas-empty">
            <p>This journey has no steps yet.</p>
          </div>
        )}
      </section>
    </ReactFlowProvider>
  );
}
