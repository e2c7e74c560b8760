import { asList, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** How many instances one call names before it counts as a fan-out. */
const MANY = 10;

/** Whether Run Command targets name every managed instance: an `InstanceIds` target of `*`. */
const targetsEverything = (targets: unknown): boolean =>
  asList(targets).some((t) => (t?.key ?? t?.Key) === 'InstanceIds' && asList(t?.values ?? t?.Values).includes('*'));

/** Run Command sent to many instances in one call: One SendCommand named 10 or more instances, or every managed instance (`InstanceIds=*`): a command pushed across the fleet at once, the way attackers spread through a software deployment tool. */
export const rule: RuleDefinition = {
  id: 'ssm-command-sent-to-many-instances',
  title: 'Run Command sent to many instances in one call',
  description:
    'One SendCommand named 10 or more instances, or every managed instance (`InstanceIds=*`): a command pushed across the fleet at once, the way attackers spread through a software deployment tool.',
  severity: 'medium',
  tags: ['attack.execution', 'attack.t1072', 'attack.t1651', 'attack.lateral-movement'],
  references: [
    'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_SendCommand.html',
    'https://docs.aws.amazon.com/systems-manager/latest/userguide/send-commands-multiple.html',
    'https://attack.mitre.org/techniques/T1072/',
  ],
  eventSource: 'ssm.amazonaws.com',
  eventNames: ['SendCommand'],
  match: (r) => {
    if (!succeeded(r)) return false;
    const p = params(r);
    return asList(p.instanceIds).length >= MANY || targetsEverything(p.targets);
  },
};
