import { ATTACK_TOOL_AGENT, SCRIPT_AGENT, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Identity Center token created by a script: An IAM Identity Center OIDC token (the device-code flow behind "aws sso login") was created by a bare HTTP client or an offensive tool rather than the AWS CLI, an SDK or an IDE toolkit: the pattern of device-code phishing, where the attacker polls for the token a victim approved. */
export const rule: RuleDefinition = {
  id: 'sso-oidc-token-created-by-script',
  title: 'Identity Center token created by a script',
  description:
    'An IAM Identity Center OIDC token (the device-code flow behind "aws sso login") was created by a bare HTTP client or an offensive tool rather than the AWS CLI, an SDK or an IDE toolkit: the pattern of device-code phishing, where the attacker polls for the token a victim approved.',
  severity: 'medium',
  tags: ['attack.credential-access', 'attack.t1528'],
  references: [
    'https://docs.aws.amazon.com/singlesignon/latest/OIDCAPIReference/API_CreateToken.html',
    'https://docs.aws.amazon.com/singlesignon/latest/userguide/sso-info-in-cloudtrail.html',
    'https://blog.christophetd.fr/phishing-for-aws-credentials-via-aws-sso-device-code-authentication/',
  ],
  eventSource: ['sso.amazonaws.com', 'sso-oauth.amazonaws.com'],
  eventNames: ['CreateToken'],
  match: (r) => succeeded(r) && (SCRIPT_AGENT.test(r.userAgent ?? '') || ATTACK_TOOL_AGENT.test(r.userAgent ?? '')),
};
