import { usesLongTermKey } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Instance platforms and software listed with a long-term key: An IAM user's or root's access key listed what Systems Manager knows of the instances (platform, OS version, agent, installed software): host discovery without touching a host, typical of leaked keys. Refused attempts count. */
export const rule: RuleDefinition = {
  id: 'ssm-instance-inventory-read-with-long-term-key',
  title: 'Instance platforms and software listed with a long-term key',
  description:
    "An IAM user's or root's access key listed what Systems Manager knows of the instances (platform, OS version, agent, installed software): host discovery without touching a host, typical of leaked keys. Refused attempts count.",
  severity: 'low',
  tags: ['attack.discovery', 'attack.t1082'],
  references: [
    'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DescribeInstanceInformation.html',
    'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetInventory.html',
    'https://attack.mitre.org/techniques/T1082/',
  ],
  eventSource: 'ssm.amazonaws.com',
  eventNames: ['DescribeInstanceInformation', 'GetInventory', 'ListInventoryEntries'],
  match: (r) => usesLongTermKey(r),
  dedup: ['recipientAccountId', 'userIdentity.arn'],
};
