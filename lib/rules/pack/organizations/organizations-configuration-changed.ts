import type { RuleDefinition } from '../../types.js';

/** AWS Organizations configuration changed: Accounts, organizational units, policies or handshakes of the organization changed (after CIS AWS Foundations v1.4.0 4.15; the pattern is trailwatch's, not copied from the benchmark). */
export const rule: RuleDefinition = {
  id: 'organizations-configuration-changed',
  title: 'AWS Organizations configuration changed',
  description:
    "Accounts, organizational units, policies or handshakes of the organization changed (after CIS AWS Foundations v1.4.0 4.15; the pattern is trailwatch's, not copied from the benchmark).",
  severity: 'low',
  tags: ['attack.defense-evasion', 'attack.t1666'],
  references: ['https://docs.aws.amazon.com/organizations/latest/userguide/orgs_cloudtrail-integration.html'],
  pattern:
    '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = AcceptHandshake) || ($.eventName = AttachPolicy) || ($.eventName = CreateAccount) || ($.eventName = CreateOrganizationalUnit) || ($.eventName = CreatePolicy) || ($.eventName = DeclineHandshake) || ($.eventName = DeleteOrganization) || ($.eventName = DeleteOrganizationalUnit) || ($.eventName = DeletePolicy) || ($.eventName = DetachPolicy) || ($.eventName = DisablePolicyType) || ($.eventName = EnablePolicyType) || ($.eventName = InviteAccountToOrganization) || ($.eventName = LeaveOrganization) || ($.eventName = MoveAccount) || ($.eventName = RemoveAccountFromOrganization) || ($.eventName = UpdatePolicy) || ($.eventName = UpdateOrganizationalUnit)) }',
};
