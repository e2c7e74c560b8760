import { asList, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Whether an automation rule action suppresses findings or drops their severity to informational. */
const hides = (action: {
  FindingFieldsUpdate?: { Workflow?: { Status?: unknown }; Severity?: { Label?: unknown } };
}): boolean =>
  action?.FindingFieldsUpdate?.Workflow?.Status === 'SUPPRESSED' ||
  action?.FindingFieldsUpdate?.Severity?.Label === 'INFORMATIONAL';

/** Security Hub automation rule hides findings: A Security Hub automation rule was created or updated to set matching findings to SUPPRESSED or to INFORMATIONAL severity: every future finding it matches is hidden as it arrives. */
export const rule: RuleDefinition = {
  id: 'securityhub-automation-rule-hides-findings',
  title: 'Security Hub automation rule hides findings',
  description:
    'A Security Hub automation rule was created or updated to set matching findings to SUPPRESSED or to INFORMATIONAL severity: every future finding it matches is hidden as it arrives.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: [
    'https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_CreateAutomationRule.html',
    'https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchUpdateAutomationRules.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/automation-rules.html',
  ],
  eventSource: 'securityhub.amazonaws.com',
  eventNames: ['CreateAutomationRule', 'BatchUpdateAutomationRules'],
  match: (r) =>
    succeeded(r) &&
    [params(r), ...asList(params(r).UpdateAutomationRulesRequestItems)].some((item) =>
      asList(item?.Actions).some(hides)
    ),
};
