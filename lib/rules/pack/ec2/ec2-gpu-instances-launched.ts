import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** GPU or accelerated instances launched: Instances of a GPU or accelerated family (p, g, inf, trn, dl) were launched: a common sign of cryptomining with stolen credentials. */
export const rule: RuleDefinition = {
  id: 'ec2-gpu-instances-launched',
  title: 'GPU or accelerated instances launched',
  description:
    'Instances of a GPU or accelerated family (p, g, inf, trn, dl) were launched: a common sign of cryptomining with stolen credentials.',
  severity: 'medium',
  tags: ['attack.impact', 'attack.t1496'],
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html',
    'https://attack.mitre.org/techniques/T1496/',
  ],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['RunInstances'],
  match: (r) => succeeded(r) && /^(p\d|g\d|inf\d|trn\d|dl\d)[a-z]*\./.test(String(params(r).instanceType ?? '')),
};
