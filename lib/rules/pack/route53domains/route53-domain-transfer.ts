import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Route 53 domain transfer or transfer lock removed: A registered domain was transferred to another account or registrar, or its transfer lock removed: losing a domain means losing its mail and web traffic. */
export const rule: RuleDefinition = {
  id: 'route53-domain-transfer',
  title: 'Route 53 domain transfer or transfer lock removed',
  description:
    'A registered domain was transferred to another account or registrar, or its transfer lock removed: losing a domain means losing its mail and web traffic.',
  severity: 'high',
  tags: ['attack.resource-development', 'attack.t1584.001'],
  references: [
    'https://docs.aws.amazon.com/Route53/latest/APIReference/API_domains_TransferDomainToAnotherAwsAccount.html',
    'https://attack.mitre.org/techniques/T1584/001/',
  ],
  eventSource: 'route53domains.amazonaws.com',
  eventNames: ['TransferDomainToAnotherAwsAccount', 'TransferDomain', 'DisableDomainTransferLock'],
  match: (r) => succeeded(r),
};
