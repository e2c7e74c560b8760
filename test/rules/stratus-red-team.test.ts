import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCasesFile, runCase } from '../../lib/rules/cases/run-cases.js';
import { compiledBuiltinRules } from '../../lib/rules/loading/load-rule-set.js';

/**
 * Every AWS attack technique of Stratus Red Team
 * (https://stratus-red-team.cloud/attack-techniques/list/, docs/attack-techniques/AWS/ of
 * github.com/DataDog/stratus-red-team), the built-in rule that detects it, and the case of that
 * rule whose records make the API calls the technique's page lists.
 */
const TECHNIQUES: ReadonlyArray<{ technique: string; rule: string; case: string }> = [
  {
    technique: 'aws.credential-access.ec2-get-password-data',
    rule: 'ec2-windows-password-read-denied',
    case: 'assumed role refused password data',
  },
  {
    technique: 'aws.credential-access.ec2-steal-instance-credentials',
    rule: 'sts-instance-credentials-identity-checked',
    case: 'instance credentials used from a laptop',
  },
  {
    technique: 'aws.credential-access.secretsmanager-batch-retrieve-secrets',
    rule: 'secretsmanager-batch-secret-values-read',
    case: 'ten secrets by id with the CLI',
  },
  {
    technique: 'aws.credential-access.secretsmanager-retrieve-secrets',
    rule: 'secretsmanager-mass-secret-reads',
    case: '25 reads in 4 minutes',
  },
  {
    technique: 'aws.credential-access.ssm-retrieve-securestring-parameters',
    rule: 'ssm-parameters-decrypted-in-bulk',
    case: 'ten SecureStrings decrypted in one call',
  },
  { technique: 'aws.defense-evasion.cloudtrail-delete', rule: 'cloudtrail-trail-deleted', case: 'trail deleted' },
  {
    technique: 'aws.defense-evasion.cloudtrail-event-selectors',
    rule: 'cloudtrail-event-selectors-narrowed',
    case: 'write-only management events',
  },
  {
    technique: 'aws.defense-evasion.cloudtrail-lifecycle-rule',
    rule: 's3-lifecycle-expires-objects-quickly',
    case: 'trail bucket set to expire after one day',
  },
  { technique: 'aws.defense-evasion.cloudtrail-stop', rule: 'cloudtrail-logging-stopped', case: 'trail stopped' },
  {
    technique: 'aws.defense-evasion.dns-delete-logs',
    rule: 'route53resolver-query-logging-removed',
    case: 'configuration deleted with the CLI',
  },
  {
    technique: 'aws.defense-evasion.organizations-leave',
    rule: 'organizations-leave-attempted',
    case: 'role without permission tries to leave',
  },
  { technique: 'aws.defense-evasion.vpc-remove-flow-logs', rule: 'vpc-flow-logs-deleted', case: 'flow logs deleted' },
  {
    technique: 'aws.discovery.ec2-download-user-data',
    rule: 'ec2-user-data-read-denied',
    case: 'assumed role refused user data',
  },
  {
    technique: 'aws.discovery.ec2-enumerate-from-instance',
    rule: 'sts-instance-credentials-identity-checked',
    case: 'instance role checks its identity from the instance before enumerating',
  },
  {
    technique: 'aws.discovery.ses-enumerate',
    rule: 'ses-sending-limits-checked-with-access-keys',
    case: 'quota read with a long-term key',
  },
  {
    technique: 'aws.execution.ec2-launch-unusual-instances',
    rule: 'ec2-gpu-instance-launch-denied',
    case: 'p2.xlarge launch refused for an assumed role',
  },
  { technique: 'aws.execution.ec2-user-data', rule: 'ec2-user-data-modified', case: 'user data replaced' },
  {
    technique: 'aws.execution.sagemaker-update-lifecycle-config',
    rule: 'sagemaker-notebook-lifecycle-config-attached',
    case: 'lifecycle config attached with the CLI',
  },
  {
    technique: 'aws.execution.ssm-send-command',
    rule: 'ssm-shell-command-sent',
    case: 'shell script sent to three instances',
  },
  {
    technique: 'aws.execution.ssm-start-session',
    rule: 'ssm-session-started',
    case: 'shell session opened with the CLI',
  },
  {
    technique: 'aws.exfiltration.ec2-security-group-open-port-22-ingress',
    rule: 'security-group-admin-port-open-to-internet',
    case: 'SSH open to 0.0.0.0/0',
  },
  {
    technique: 'aws.exfiltration.ec2-share-ami',
    rule: 'ec2-ami-shared-with-other-account',
    case: 'AMI shared with 444455556666',
  },
  {
    technique: 'aws.exfiltration.ec2-share-ebs-snapshot',
    rule: 'ec2-snapshot-shared-with-other-account',
    case: 'snapshot shared with 444455556666',
  },
  {
    technique: 'aws.exfiltration.rds-share-snapshot',
    rule: 'rds-snapshot-shared-with-other-account',
    case: 'cluster snapshot shared',
  },
  {
    technique: 'aws.exfiltration.s3-backdoor-bucket-policy',
    rule: 's3-bucket-policy-grants-other-account',
    case: 'foreign root granted with the CLI',
  },
  {
    technique: 'aws.impact.bedrock-invoke-model',
    rule: 'bedrock-model-invoked-with-access-keys',
    case: 'model invoked with a long-term key',
  },
  {
    technique: 'aws.impact.ec2-deregister-ami',
    rule: 'ec2-ami-deregistered',
    case: 'golden image deregistered with the CLI',
  },
  {
    technique: 'aws.impact.s3-ransomware-batch-deletion',
    rule: 's3-objects-batch-deleted-by-person',
    case: 'IAM user empties a bucket',
  },
  {
    technique: 'aws.impact.s3-ransomware-client-side-encryption',
    rule: 's3-objects-encrypted-with-customer-key',
    case: '25 objects rewritten by an IAM user',
  },
  {
    technique: 'aws.impact.s3-ransomware-individual-deletion',
    rule: 's3-object-versions-permanently-deleted',
    case: '25 versions deleted one by one by an IAM user',
  },
  {
    technique: 'aws.initial-access.console-login-without-mfa',
    rule: 'cis-cloudwatch-3-console-signin-without-mfa',
    case: 'IAM user signs in without MFA',
  },
  {
    technique: 'aws.lateral-movement.ec2-instance-connect',
    rule: 'ec2-instance-connect-ssh-key-pushed',
    case: 'key pushed by an assumed role from a script',
  },
  {
    technique: 'aws.lateral-movement.ec2-serial-console-send-ssh-public-key',
    rule: 'ec2-serial-console-ssh-key-pushed',
    case: 'serial console key pushed by an assumed role',
  },
  {
    technique: 'aws.persistence.iam-backdoor-role',
    rule: 'iam-role-trust-opened-to-other-account',
    case: 'trust opened to 444455556666',
  },
  {
    technique: 'aws.persistence.iam-backdoor-user',
    rule: 'iam-access-key-created-for-other-user',
    case: 'key created for bob by example-user',
  },
  {
    technique: 'aws.persistence.iam-create-admin-user',
    rule: 'iam-admin-policy-attached',
    case: 'AdministratorAccess attached to a user',
  },
  {
    technique: 'aws.persistence.iam-create-backdoor-role',
    rule: 'iam-role-trust-opened-to-other-account',
    case: 'role created trusting a foreign user',
  },
  {
    technique: 'aws.persistence.iam-create-user-login-profile',
    rule: 'iam-login-profile-set-for-other-user',
    case: 'password created for bob',
  },
  {
    technique: 'aws.persistence.lambda-backdoor-function',
    rule: 'lambda-permission-grants-other-account',
    case: 'foreign account id granted invoke with the CLI',
  },
  {
    technique: 'aws.persistence.lambda-layer-extension',
    rule: 'lambda-layer-added',
    case: 'layer added (versioned event name)',
  },
  {
    technique: 'aws.persistence.lambda-overwrite-code',
    rule: 'lambda-function-code-updated-by-person',
    case: 'IAM user uploads a zip with the CLI',
  },
  {
    technique: 'aws.persistence.rolesanywhere-create-trust-anchor',
    rule: 'rolesanywhere-trust-anchor-created',
    case: 'trust anchor with an outside CA created',
  },
  {
    technique: 'aws.persistence.sts-federation-token',
    rule: 'sts-federation-token-issued',
    case: 'IAM user gets a federation token',
  },
  {
    technique: 'aws.privilege-escalation.iam-update-user-login-profile',
    rule: 'iam-password-changed-for-other-user-without-reset',
    case: 'password of an administrator replaced with the CLI',
  },
];

const rules = new Map(compiledBuiltinRules().map((rule) => [rule.meta.id, rule]));

describe('Stratus Red Team AWS techniques', () => {
  it('lists each of the 44 techniques once', () => {
    // Act
    const ids = TECHNIQUES.map((t) => t.technique);
    // Assess
    expect([ids.length, new Set(ids).size]).toEqual([44, 44]);
    expect(ids.every((id) => /^aws\.[a-z-]+\.[a-z0-9-]+$/.test(id))).toBe(true);
  });

  it.each(TECHNIQUES)('$technique: $rule alerts on "$case"', async ({ rule: id, case: name }) => {
    // Prepare
    const rule = rules.get(id);
    const file = rule?.meta.file.replace(/\.ts$/, '.cases.json');
    const c = file !== undefined && existsSync(file) ? loadCasesFile(file).find((k) => k.name === name) : undefined;
    // Act
    const result = rule !== undefined && c !== undefined ? await runCase(rule, c) : undefined;
    // Assess
    expect({ rule: rule !== undefined, case: c !== undefined, expect: c?.expect }).toEqual({
      rule: true,
      case: true,
      expect: true,
    });
    expect(result?.alerted).toBe(true);
  });
});
