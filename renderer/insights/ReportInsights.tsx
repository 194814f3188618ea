import { useMemo } from 'react';
import { launchReadiness, riskMatrix } from '../../shared/insights.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import { ReadinessCards } from './ReadinessCards.tsx';
import { RiskMatrixTable } from './RiskMatrix.tsx';
import '../styles/insights.css';

/** The report's compact insights: the open-risk matrix beside the launch readiness cards. */
export function ReportInsights({ doc }: { doc: SessionDocument }) {
  const readiness = useMemo(() => launchReadiness(doc, { now: new Date() }), [doc]);
  const matrix = useMemo(() => riskMatrix(doc, { openOnly: true }), [doc]);
  return (
    <section className="report-section report-insights" aria-labelledby="report-insights">
      <h2 id="report-insights">Launch readiness and open risk</h2>
      <div className="report-insights-grid">
        <div>
          <h3>Open threats by likelihood × impact</h3>
          <RiskMatrixTable
            compact
            matrix={matrix}
            caption="Open threats by likelihood (rows, 5 at the top) and impact (columns, 1 to 5), with the number of threats in each cell."
          />
          {matrix.unscored > 0 && <p className="field-hint">Not in the matrix: {matrix.unscored} open {matrix.unscored === 1 ? 'threat' : 'threats'} not scored yet.</p>}
        </div>
        <div>
          <h3>Critical journeys</h3>
          <ReadinessCards doc={doc} readiness={readiness} headingLevel={4} />
        </div>
      </div>
    </section>
  );
}
