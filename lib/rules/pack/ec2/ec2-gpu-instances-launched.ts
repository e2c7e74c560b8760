import { asList, params, response, succeeded } from '../helpers.js';

const GPU_TYPE = /^(p\d|g\d|inf\d|trn\d|dl\d)[a-z]*\./;
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
  // A launch from a launch template names the type only in the response's instancesSet.
  match: (r) =>
    succeeded(r) &&
    [
      params(r).instanceType,
      ...asList((response(r).instancesSet as { items?: unknown } | undefined)?.items).map((i) => i?.instanceType),
    ].some((type) => GPU_TYPE.test(String(type ?? ''))),
};
