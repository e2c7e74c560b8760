import { succeeded, viaAwsService } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Shield Advanced protection removed: A Shield Advanced protection or protection group was deleted: the resource loses DDoS detection, mitigation and response-team support. */
export const rule: RuleDefinition = {
  id: 'shield-protection-deleted',
  title: 'Shield Advanced protection removed',
  description:
    'A Shield Advanced protection or protection group was deleted: the resource loses DDoS detection, mitigation and response-team support.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: [
    'https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_DeleteProtection.html',
    'https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_DeleteProtectionGroup.html',
  ],
  eventSource: 'shield.amazonaws.com',
  eventNames: ['DeleteProtection', 'DeleteProtectionGroup'],
  match: (r) => succeeded(r) && !viaAwsService(r),
};
