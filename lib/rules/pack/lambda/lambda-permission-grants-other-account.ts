import { accountOf, arnAccount, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** The account a Lambda permission's principal names: a bare account id or an IAM ARN. */
const principalAccount = (principal: unknown): string | undefined =>
  typeof principal === 'string' && /^\d{12}$/.test(principal) ? principal : arnAccount(principal);

/** Lambda function made invocable from another account: A function's resource policy lets a principal of a foreign account invoke or manage it: a backdoor entry point that survives changes to IAM in this account. */
export const rule: RuleDefinition = {
  id: 'lambda-permission-grants-other-account',
  title: 'Lambda function made invocable from another account',
  description:
    "A function's resource policy lets a principal of a foreign account invoke or manage it: a backdoor entry point that survives changes to IAM in this account.",
  severity: 'high',
  tags: ['attack.persistence', 'attack.t1098'],
  references: [
    'https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html',
    'https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-cross-account.html',
  ],
  eventSource: 'lambda.amazonaws.com',
  eventNames: ['AddPermission'],
  match: (r) => {
    const account = principalAccount(params(r).principal);
    return succeeded(r) && account !== undefined && account !== accountOf(r);
  },
};
