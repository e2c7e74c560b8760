import { madeByAwsService, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** EventBridge rule triggered by IAM or STS calls: A person created or changed an EventBridge rule whose pattern matches IAM or STS API calls recorded by CloudTrail: code that runs whenever users, keys or roles change, the way persistence re-creates what responders delete. */
export const rule: RuleDefinition = {
  id: 'events-rule-triggers-on-iam-calls',
  title: 'EventBridge rule triggered by IAM or STS calls',
  description:
    'A person created or changed an EventBridge rule whose pattern matches IAM or STS API calls recorded by CloudTrail: code that runs whenever users, keys or roles change, the way persistence re-creates what responders delete.',
  severity: 'medium',
  tags: ['attack.persistence', 'attack.t1546'],
  references: [
    'https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html',
    'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html',
    'https://attack.mitre.org/techniques/T1546/',
  ],
  eventSource: 'events.amazonaws.com',
  eventNames: ['PutRule'],
  match: (r) => {
    if (!succeeded(r) || madeByAwsService(r)) return false;
    const pattern = params(r).eventPattern;
    if (typeof pattern !== 'string') return false;
    return (
      /"(aws\.iam|aws\.sts|iam\.amazonaws\.com|sts\.amazonaws\.com)"/.test(pattern) &&
      pattern.includes('AWS API Call via CloudTrail')
    );
  },
};
