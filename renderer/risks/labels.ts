/** Words shown for the enumerations of the model. */
import type { Effort, ThreatStatus } from '../../shared/schema.ts';
import type { Outcome, Mitigation } from '../../shared/schema.ts';

export const LIKELIHOOD_LABELS = ['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain'] as const;
export const IMPACT_LABELS = ['Negligible', 'Minor', 'Moderate', 'Major', 'Severe'] as const;

export const THREAT_STATUS_LABELS: Record<ThreatStatus, string> = {
  open: 'Open',
  mitigating: 'Mitigating',
  mitigated: 'Mitigated',
  accepted: 'Accepted',
  transferred: 'Transferred',
  'not-applicable': 'Not applicable',
};

export const OUTCOME_STATUS_LABELS: Record<Outcome['status'], string> = { draft: 'Draft', agreed: 'Agreed', met: 'Met' };

export const MITIGATION_STATUS_LABELS: Record<Mitigation['status'], string> = {
  proposed: 'Proposed',
  planned: 'Planned',
  'in-progress': 'In progress',
  done: 'Done',
  'wont-do': 'Won’t do',
};

export const EFFORT_LABELS: Record<Effort, string> = { S: 'S · hours', M: 'M · days', L: 'L · a sprint', XL: 'XL · more' };

export const FRAMEWORKS = ['STRIDE', 'LINDDUN', 'ABUSE', 'Custom'] as const;
