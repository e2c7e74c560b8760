import { accountOf, madeByAwsService, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** The account of an ECR image URI (`444455556666.dkr.ecr.us-east-1.amazonaws.com/repo:tag`). */
const imageAccount = (uri: unknown): string | undefined =>
  typeof uri === 'string' ? /^(\d{12})\.dkr\.ecr[.-]/.exec(uri)?.[1] : undefined;

/** Lambda function runs a container image of another account: A function was created or its code replaced with a container image from another account's ECR repository: code the account does not build runs with the function's role. */
export const rule: RuleDefinition = {
  id: 'lambda-function-image-from-other-account',
  title: 'Lambda function runs a container image of another account',
  description:
    "A function was created or its code replaced with a container image from another account's ECR repository: code the account does not build runs with the function's role.",
  severity: 'medium',
  tags: ['attack.execution', 'attack.t1204.003'],
  references: [
    'https://docs.aws.amazon.com/lambda/latest/dg/API_CreateFunction.html',
    'https://docs.aws.amazon.com/lambda/latest/dg/API_UpdateFunctionCode.html',
    'https://docs.aws.amazon.com/lambda/latest/dg/images-create.html#configuration-images-xaccount-permissions',
    'https://attack.mitre.org/techniques/T1204/003/',
  ],
  eventSource: 'lambda.amazonaws.com',
  eventNames: ['CreateFunction', 'UpdateFunctionCode'],
  match: (r) => {
    if (!succeeded(r) || madeByAwsService(r)) return false;
    const p = params(r);
    const code = p.code as { imageUri?: unknown } | undefined;
    const image = imageAccount(code?.imageUri ?? p.imageUri);
    return image !== undefined && image !== accountOf(r);
  },
};
