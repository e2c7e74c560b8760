import { asList, member, succeeded } from '../helpers.js';

const GPU_TYPE = /^(p\d|g\d|inf\d|trn\d|dl\d)[a-z]*\./;
const isGpu = (type: unknown): boolean => GPU_TYPE.test(String(type ?? ''));
const INSTANCE_TYPE = ['requestParameters', 'instanceType'];
const INSTANCES_SET = ['responseElements', 'instancesSet'];
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
  // The response (often large) is read only when the request names no GPU type.
  match: (r) =>
    succeeded(r) &&
    (isGpu(member(r, INSTANCE_TYPE)) ||
      asList((member(r, INSTANCES_SET) as { items?: unknown } | undefined)?.items).some((i) => isGpu(i?.instanceType))),
};
