import { accountOf, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Lambda layer shared outside the account: A layer version was shared with everyone or with a foreign account: its code, and any secret baked into it, can be downloaded from outside. */
export const rule: RuleDefinition = {
  id: 'lambda-layer-shared-outside-account',
  title: 'Lambda layer shared outside the account',
  description:
    'A layer version was shared with everyone or with a foreign account: its code, and any secret baked into it, can be downloaded from outside.',
  severity: 'medium',
  tags: ['attack.exfiltration', 'attack.t1537'],
  references: [
    'https://docs.aws.amazon.com/lambda/latest/api/API_AddLayerVersionPermission.html',
    'https://docs.aws.amazon.com/lambda/latest/dg/permissions-layer-cross-account.html',
  ],
  eventSource: 'lambda.amazonaws.com',
  eventNames: ['AddLayerVersionPermission'],
  match: (r) =>
    succeeded(r) &&
    ((params(r).principal === '*' && params(r).organizationId === undefined) ||
      (typeof params(r).principal === 'string' &&
        /^\d{12}$/.test(params(r).principal as string) &&
        params(r).principal !== accountOf(r))),
};
