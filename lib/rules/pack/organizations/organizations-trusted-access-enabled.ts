import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Trusted access enabled for a service: An AWS service was given trusted access to the organization: it can create roles and act in every member account. */
export const rule: RuleDefinition = {
  id: 'organizations-trusted-access-enabled',
  title: 'Trusted access enabled for a service',
  description:
    'An AWS service was given trusted access to the organization: it can create roles and act in every member account.',
  severity: 'low',
  tags: ['attack.persistence', 'attack.t1098'],
  references: [
    'https://docs.aws.amazon.com/organizations/latest/APIReference/API_EnableAWSServiceAccess.html',
    'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services.html',
  ],
  eventSource: 'organizations.amazonaws.com',
  eventNames: ['EnableAWSServiceAccess'],
  match: (r) => succeeded(r),
};
