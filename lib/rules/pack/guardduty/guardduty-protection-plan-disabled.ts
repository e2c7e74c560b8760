import { asList, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Whether a nested dataSources object turns any of its `enable` switches off. */
const disablesSource = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  Object.entries(value).some(([key, inner]) => (key === 'enable' && inner === false) || disablesSource(inner));

/** GuardDuty protection plan disabled: A GuardDuty detector stayed on but a protection plan (S3, EKS, runtime, malware, RDS or Lambda monitoring) was turned off: that whole area stops producing findings. */
export const rule: RuleDefinition = {
  id: 'guardduty-protection-plan-disabled',
  title: 'GuardDuty protection plan disabled',
  description:
    'A GuardDuty detector stayed on but a protection plan (S3, EKS, runtime, malware, RDS or Lambda monitoring) was turned off: that whole area stops producing findings.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: [
    'https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateDetector.html',
    'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty-features-activation-model.html',
  ],
  eventSource: 'guardduty.amazonaws.com',
  eventNames: ['UpdateDetector'],
  match: (r) =>
    succeeded(r) &&
    (asList(params(r).features).some((f) => f?.status === 'DISABLED') || disablesSource(params(r).dataSources)),
};
