import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Services whose organization-wide integration is security telemetry or control. */
const SECURITY_SERVICES = new Set([
  'cloudtrail.amazonaws.com',
  'guardduty.amazonaws.com',
  'securityhub.amazonaws.com',
  'config.amazonaws.com',
  'config-multiaccountsetup.amazonaws.com',
  'access-analyzer.amazonaws.com',
  'macie.amazonaws.com',
  'inspector2.amazonaws.com',
  'detective.amazonaws.com',
  'fms.amazonaws.com',
  'sso.amazonaws.com',
]);

/** Trusted access disabled for a service: An AWS service lost trusted access to the organization; high when it is a security service (CloudTrail, GuardDuty, Security Hub, Config, Access Analyzer, Macie, Inspector, Detective, Firewall Manager, Identity Center), whose organization-wide coverage stops. */
export const rule: RuleDefinition = {
  id: 'organizations-trusted-access-disabled',
  title: 'Trusted access disabled for a service',
  description:
    'An AWS service lost trusted access to the organization; high when it is a security service (CloudTrail, GuardDuty, Security Hub, Config, Access Analyzer, Macie, Inspector, Detective, Firewall Manager, Identity Center), whose organization-wide coverage stops.',
  severity: 'medium',
  severityFor: (r) => (SECURITY_SERVICES.has(String(params(r).servicePrincipal)) ? 'high' : 'medium'),
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: [
    'https://docs.aws.amazon.com/organizations/latest/APIReference/API_DisableAWSServiceAccess.html',
    'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services.html',
  ],
  eventSource: 'organizations.amazonaws.com',
  eventNames: ['DisableAWSServiceAccess'],
  match: (r) => succeeded(r),
};
