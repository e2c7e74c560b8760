import type { TrailFinding } from '../../model/trails.js';
import { fail, notEvaluated, trailWhere } from './helpers.js';
import type { AccountCheck } from './types.js';

/** An organization trail should be run from a delegated administrator, not the management account. */
export const check: AccountCheck<'organization-trail-management-account'> = {
  id: 'organization-trail-management-account',
  severity: 'medium',
  title: 'Organization trail is administered from the management account (no delegated administrator)',
  controls: [],
  evaluate: ({ snapshot, trails }) => {
    const findings: TrailFinding[] = [];
    for (const trail of trails.filter((t) => t.description.IsOrganizationTrail)) {
      const where = trailWhere(trail);
      const admins = snapshot.delegatedAdministrators;
      if (admins.status !== 'ok') {
        findings.push(notEvaluated(check, where, 'organizations:ListDelegatedAdministrators', admins));
        continue;
      }
      if ((admins.value.DelegatedAdministrators ?? []).length > 0) continue;
      const organization = snapshot.organization.status === 'ok' ? snapshot.organization.value.Organization : undefined;
      findings.push(
        fail(check, {
          ...where,
          evidence: {
            organizationId: organization?.Id ?? null,
            managementAccountId: organization?.MasterAccountId ?? trail.accountId,
            delegatedAdministrators: [],
          },
          remediation:
            'aws cloudtrail register-organization-delegated-admin --member-account-id <security-tooling-account-id>   # run in the management account',
        })
      );
    }
    return findings;
  },
};
