import { NOT_SERVICE_CLAUSE } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Many different secrets read by one principal: One principal read the values of 10 or more different secrets within 10 minutes: a sweep of the secret store, unlike an application reading its own few secrets often. AWS services are left out. */
export const rule: RuleDefinition = {
  id: 'secretsmanager-many-distinct-secrets-read',
  title: 'Many different secrets read by one principal',
  description:
    'One principal read the values of 10 or more different secrets within 10 minutes: a sweep of the secret store, unlike an application reading its own few secrets often. AWS services are left out.',
  severity: 'high',
  tags: ['attack.credential-access', 'attack.t1555.006'],
  references: [
    'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.credential-access.secretsmanager-retrieve-secrets/',
  ],
  eventSource: 'secretsmanager.amazonaws.com',
  eventNames: ['GetSecretValue'],
  pattern: `{ ($.errorCode NOT EXISTS) && ${NOT_SERVICE_CLAUSE} }`,
  dedup: ['recipientAccountId', 'userIdentity.arn'],
  threshold: { count: 10, window: '10m', distinct: 'requestParameters.secretId' },
};
