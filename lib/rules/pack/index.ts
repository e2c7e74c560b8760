import type { RuleDefinition } from '../types.js';
import { rule as accessAnalyzerDeleted } from './access-analyzer/access-analyzer-deleted.js';
import { rule as accountRegionEnabled } from './account/account-region-enabled.js';
import { rule as backupRecoveryPointsDeleted } from './backup/backup-recovery-points-deleted.js';
import { rule as cisCloudwatch1RootUserUsage } from './cis/cis-cloudwatch-1-root-user-usage.js';
import { rule as cisCloudwatch10SecurityGroupChanges } from './cis/cis-cloudwatch-10-security-group-changes.js';
import { rule as cisCloudwatch11NaclChanges } from './cis/cis-cloudwatch-11-nacl-changes.js';
import { rule as cisCloudwatch12NetworkGatewayChanges } from './cis/cis-cloudwatch-12-network-gateway-changes.js';
import { rule as cisCloudwatch13RouteTableChanges } from './cis/cis-cloudwatch-13-route-table-changes.js';
import { rule as cisCloudwatch14VpcChanges } from './cis/cis-cloudwatch-14-vpc-changes.js';
import { rule as cisCloudwatch2UnauthorizedApiCalls } from './cis/cis-cloudwatch-2-unauthorized-api-calls.js';
import { rule as cisCloudwatch3ConsoleSigninWithoutMfa } from './cis/cis-cloudwatch-3-console-signin-without-mfa.js';
import { rule as cisCloudwatch4IamPolicyChanges } from './cis/cis-cloudwatch-4-iam-policy-changes.js';
import { rule as cisCloudwatch5CloudtrailConfigurationChanges } from './cis/cis-cloudwatch-5-cloudtrail-configuration-changes.js';
import { rule as cisCloudwatch6ConsoleAuthenticationFailures } from './cis/cis-cloudwatch-6-console-authentication-failures.js';
import { rule as cisCloudwatch7CmkDisabledOrScheduledForDeletion } from './cis/cis-cloudwatch-7-cmk-disabled-or-scheduled-for-deletion.js';
import { rule as cisCloudwatch8S3BucketPolicyChanges } from './cis/cis-cloudwatch-8-s3-bucket-policy-changes.js';
import { rule as cisCloudwatch9ConfigChanges } from './cis/cis-cloudwatch-9-config-changes.js';
import { rule as cloudtrailEventSelectorsNarrowed } from './cloudtrail/cloudtrail-event-selectors-narrowed.js';
import { rule as cloudtrailLoggingStopped } from './cloudtrail/cloudtrail-logging-stopped.js';
import { rule as cloudtrailTrailDeleted } from './cloudtrail/cloudtrail-trail-deleted.js';
import { rule as cloudtrailTrailWeakened } from './cloudtrail/cloudtrail-trail-weakened.js';
import { rule as configDeliveryChannelDeleted } from './config/config-delivery-channel-deleted.js';
import { rule as configRecorderStopped } from './config/config-recorder-stopped.js';
import { rule as configRuleDeleted } from './config/config-rule-deleted.js';
import { rule as accessDeniedBurst } from './discovery/access-denied-burst.js';
import { rule as dynamodbTableDeleted } from './dynamodb/dynamodb-table-deleted.js';
import { rule as ebsDefaultEncryptionDisabled } from './ec2/ebs-default-encryption-disabled.js';
import { rule as ec2AmiMadePublic } from './ec2/ec2-ami-made-public.js';
import { rule as ec2AmiSharedWithOtherAccount } from './ec2/ec2-ami-shared-with-other-account.js';
import { rule as ec2GpuInstancesLaunched } from './ec2/ec2-gpu-instances-launched.js';
import { rule as ec2InstanceExported } from './ec2/ec2-instance-exported.js';
import { rule as ec2KeyPairImported } from './ec2/ec2-key-pair-imported.js';
import { rule as ec2MassInstanceTermination } from './ec2/ec2-mass-instance-termination.js';
import { rule as ec2SnapshotMadePublic } from './ec2/ec2-snapshot-made-public.js';
import { rule as ec2SnapshotMassDeletion } from './ec2/ec2-snapshot-mass-deletion.js';
import { rule as ec2SnapshotSharedWithOtherAccount } from './ec2/ec2-snapshot-shared-with-other-account.js';
import { rule as ec2UserDataModified } from './ec2/ec2-user-data-modified.js';
import { rule as ec2UserDataRead } from './ec2/ec2-user-data-read.js';
import { rule as ec2WindowsPasswordRetrieved } from './ec2/ec2-windows-password-retrieved.js';
import { rule as networkAclAllowsAllInbound } from './ec2/network-acl-allows-all-inbound.js';
import { rule as securityGroupAdminPortOpenToInternet } from './ec2/security-group-admin-port-open-to-internet.js';
import { rule as securityGroupOpenedToInternet } from './ec2/security-group-opened-to-internet.js';
import { rule as vpcFlowLogsDeleted } from './ec2/vpc-flow-logs-deleted.js';
import { rule as guarddutyDetectorDeleted } from './guardduty/guardduty-detector-deleted.js';
import { rule as guarddutyDetectorDisabled } from './guardduty/guardduty-detector-disabled.js';
import { rule as guarddutyFindingsAutoArchived } from './guardduty/guardduty-findings-auto-archived.js';
import { rule as guarddutyMemberDisassociated } from './guardduty/guardduty-member-disassociated.js';
import { rule as guarddutyTrustedIpListChanged } from './guardduty/guardduty-trusted-ip-list-changed.js';
import { rule as iamAccessKeyCreatedForOtherUser } from './iam/iam-access-key-created-for-other-user.js';
import { rule as iamAdminPolicyAttached } from './iam/iam-admin-policy-attached.js';
import { rule as iamAuthorizationDetailsListed } from './iam/iam-authorization-details-listed.js';
import { rule as iamInlinePolicyAddedToUser } from './iam/iam-inline-policy-added-to-user.js';
import { rule as iamInlinePolicyGrantsEverything } from './iam/iam-inline-policy-grants-everything.js';
import { rule as iamLoginProfileSetForOtherUser } from './iam/iam-login-profile-set-for-other-user.js';
import { rule as iamMfaDeviceRemoved } from './iam/iam-mfa-device-removed.js';
import { rule as iamOidcProviderChanged } from './iam/iam-oidc-provider-changed.js';
import { rule as iamPasswordPolicyWeakened } from './iam/iam-password-policy-weakened.js';
import { rule as iamPolicyDefaultVersionChanged } from './iam/iam-policy-default-version-changed.js';
import { rule as iamRoleTrustOpenedToOtherAccount } from './iam/iam-role-trust-opened-to-other-account.js';
import { rule as iamRoleTrustPolicyPublic } from './iam/iam-role-trust-policy-public.js';
import { rule as iamSamlProviderChanged } from './iam/iam-saml-provider-changed.js';
import { rule as iamUserAddedToAdminGroup } from './iam/iam-user-added-to-admin-group.js';
import { rule as iamUserCreated } from './iam/iam-user-created.js';
import { rule as kmsImportedKeyMaterialDeleted } from './kms/kms-imported-key-material-deleted.js';
import { rule as kmsKeyPolicyPublic } from './kms/kms-key-policy-public.js';
import { rule as kmsKeyScheduledForDeletion } from './kms/kms-key-scheduled-for-deletion.js';
import { rule as lambdaFunctionCodeUpdated } from './lambda/lambda-function-code-updated.js';
import { rule as lambdaFunctionUrlWithoutAuth } from './lambda/lambda-function-url-without-auth.js';
import { rule as lambdaLayerAdded } from './lambda/lambda-layer-added.js';
import { rule as lambdaPermissionGrantsPublicInvoke } from './lambda/lambda-permission-grants-public-invoke.js';
import { rule as cloudwatchLogGroupDeleted } from './logs/cloudwatch-log-group-deleted.js';
import { rule as macieDisabled } from './macie/macie-disabled.js';
import { rule as cloudwatchAlarmsSilenced } from './monitoring/cloudwatch-alarms-silenced.js';
import { rule as organizationsAccountLeft } from './organizations/organizations-account-left.js';
import { rule as organizationsAccountRemoved } from './organizations/organizations-account-removed.js';
import { rule as organizationsConfigurationChanged } from './organizations/organizations-configuration-changed.js';
import { rule as rdsDeletedWithoutFinalSnapshot } from './rds/rds-deleted-without-final-snapshot.js';
import { rule as rdsInstanceMadePublic } from './rds/rds-instance-made-public.js';
import { rule as rdsSnapshotMadePublic } from './rds/rds-snapshot-made-public.js';
import { rule as rdsSnapshotSharedWithOtherAccount } from './rds/rds-snapshot-shared-with-other-account.js';
import { rule as route53DomainTransfer } from './route53domains/route53-domain-transfer.js';
import { rule as s3AccountBlockPublicAccessRemoved } from './s3/s3-account-block-public-access-removed.js';
import { rule as s3BlockPublicAccessRemoved } from './s3/s3-block-public-access-removed.js';
import { rule as s3BucketAclPublic } from './s3/s3-bucket-acl-public.js';
import { rule as s3BucketDeleted } from './s3/s3-bucket-deleted.js';
import { rule as s3BucketLoggingDisabled } from './s3/s3-bucket-logging-disabled.js';
import { rule as s3BucketPolicyPublic } from './s3/s3-bucket-policy-public.js';
import { rule as s3BucketVersioningSuspended } from './s3/s3-bucket-versioning-suspended.js';
import { rule as s3MassObjectDeletion } from './s3/s3-mass-object-deletion.js';
import { rule as s3ReplicationToOtherAccount } from './s3/s3-replication-to-other-account.js';
import { rule as secretsmanagerMassSecretReads } from './secretsmanager/secretsmanager-mass-secret-reads.js';
import { rule as secretsmanagerSecretPolicyPublic } from './secretsmanager/secretsmanager-secret-policy-public.js';
import { rule as securityhubDisabled } from './securityhub/securityhub-disabled.js';
import { rule as securityhubFindingsSuppressed } from './securityhub/securityhub-findings-suppressed.js';
import { rule as securityhubStandardsDisabled } from './securityhub/securityhub-standards-disabled.js';
import { rule as consoleLoginFailureBurst } from './signin/console-login-failure-burst.js';
import { rule as consoleLoginRoot } from './signin/console-login-root.js';
import { rule as ssmMassParameterReads } from './ssm/ssm-mass-parameter-reads.js';
import { rule as stsFederationTokenIssued } from './sts/sts-federation-token-issued.js';
import { rule as stsGetCallerIdentityAttackTool } from './sts/sts-get-caller-identity-attack-tool.js';

/**
 * Every built-in rule with the path of its module (one file per rule, cases beside it).
 * The conventions test fails when a module under pack/<service>/ is missing here.
 */
export const builtinRules: ReadonlyArray<{ rule: RuleDefinition; path: string }> = [
  { rule: accessAnalyzerDeleted, path: 'lib/rules/pack/access-analyzer/access-analyzer-deleted.ts' },
  { rule: accountRegionEnabled, path: 'lib/rules/pack/account/account-region-enabled.ts' },
  { rule: backupRecoveryPointsDeleted, path: 'lib/rules/pack/backup/backup-recovery-points-deleted.ts' },
  { rule: cisCloudwatch1RootUserUsage, path: 'lib/rules/pack/cis/cis-cloudwatch-1-root-user-usage.ts' },
  { rule: cisCloudwatch10SecurityGroupChanges, path: 'lib/rules/pack/cis/cis-cloudwatch-10-security-group-changes.ts' },
  { rule: cisCloudwatch11NaclChanges, path: 'lib/rules/pack/cis/cis-cloudwatch-11-nacl-changes.ts' },
  {
    rule: cisCloudwatch12NetworkGatewayChanges,
    path: 'lib/rules/pack/cis/cis-cloudwatch-12-network-gateway-changes.ts',
  },
  { rule: cisCloudwatch13RouteTableChanges, path: 'lib/rules/pack/cis/cis-cloudwatch-13-route-table-changes.ts' },
  { rule: cisCloudwatch14VpcChanges, path: 'lib/rules/pack/cis/cis-cloudwatch-14-vpc-changes.ts' },
  { rule: cisCloudwatch2UnauthorizedApiCalls, path: 'lib/rules/pack/cis/cis-cloudwatch-2-unauthorized-api-calls.ts' },
  {
    rule: cisCloudwatch3ConsoleSigninWithoutMfa,
    path: 'lib/rules/pack/cis/cis-cloudwatch-3-console-signin-without-mfa.ts',
  },
  { rule: cisCloudwatch4IamPolicyChanges, path: 'lib/rules/pack/cis/cis-cloudwatch-4-iam-policy-changes.ts' },
  {
    rule: cisCloudwatch5CloudtrailConfigurationChanges,
    path: 'lib/rules/pack/cis/cis-cloudwatch-5-cloudtrail-configuration-changes.ts',
  },
  {
    rule: cisCloudwatch6ConsoleAuthenticationFailures,
    path: 'lib/rules/pack/cis/cis-cloudwatch-6-console-authentication-failures.ts',
  },
  {
    rule: cisCloudwatch7CmkDisabledOrScheduledForDeletion,
    path: 'lib/rules/pack/cis/cis-cloudwatch-7-cmk-disabled-or-scheduled-for-deletion.ts',
  },
  {
    rule: cisCloudwatch8S3BucketPolicyChanges,
    path: 'lib/rules/pack/cis/cis-cloudwatch-8-s3-bucket-policy-changes.ts',
  },
  { rule: cisCloudwatch9ConfigChanges, path: 'lib/rules/pack/cis/cis-cloudwatch-9-config-changes.ts' },
  { rule: cloudtrailEventSelectorsNarrowed, path: 'lib/rules/pack/cloudtrail/cloudtrail-event-selectors-narrowed.ts' },
  { rule: cloudtrailLoggingStopped, path: 'lib/rules/pack/cloudtrail/cloudtrail-logging-stopped.ts' },
  { rule: cloudtrailTrailDeleted, path: 'lib/rules/pack/cloudtrail/cloudtrail-trail-deleted.ts' },
  { rule: cloudtrailTrailWeakened, path: 'lib/rules/pack/cloudtrail/cloudtrail-trail-weakened.ts' },
  { rule: configDeliveryChannelDeleted, path: 'lib/rules/pack/config/config-delivery-channel-deleted.ts' },
  { rule: configRecorderStopped, path: 'lib/rules/pack/config/config-recorder-stopped.ts' },
  { rule: configRuleDeleted, path: 'lib/rules/pack/config/config-rule-deleted.ts' },
  { rule: accessDeniedBurst, path: 'lib/rules/pack/discovery/access-denied-burst.ts' },
  { rule: dynamodbTableDeleted, path: 'lib/rules/pack/dynamodb/dynamodb-table-deleted.ts' },
  { rule: ebsDefaultEncryptionDisabled, path: 'lib/rules/pack/ec2/ebs-default-encryption-disabled.ts' },
  { rule: ec2AmiMadePublic, path: 'lib/rules/pack/ec2/ec2-ami-made-public.ts' },
  { rule: ec2AmiSharedWithOtherAccount, path: 'lib/rules/pack/ec2/ec2-ami-shared-with-other-account.ts' },
  { rule: ec2GpuInstancesLaunched, path: 'lib/rules/pack/ec2/ec2-gpu-instances-launched.ts' },
  { rule: ec2InstanceExported, path: 'lib/rules/pack/ec2/ec2-instance-exported.ts' },
  { rule: ec2KeyPairImported, path: 'lib/rules/pack/ec2/ec2-key-pair-imported.ts' },
  { rule: ec2MassInstanceTermination, path: 'lib/rules/pack/ec2/ec2-mass-instance-termination.ts' },
  { rule: ec2SnapshotMadePublic, path: 'lib/rules/pack/ec2/ec2-snapshot-made-public.ts' },
  { rule: ec2SnapshotMassDeletion, path: 'lib/rules/pack/ec2/ec2-snapshot-mass-deletion.ts' },
  { rule: ec2SnapshotSharedWithOtherAccount, path: 'lib/rules/pack/ec2/ec2-snapshot-shared-with-other-account.ts' },
  { rule: ec2UserDataModified, path: 'lib/rules/pack/ec2/ec2-user-data-modified.ts' },
  { rule: ec2UserDataRead, path: 'lib/rules/pack/ec2/ec2-user-data-read.ts' },
  { rule: ec2WindowsPasswordRetrieved, path: 'lib/rules/pack/ec2/ec2-windows-password-retrieved.ts' },
  { rule: networkAclAllowsAllInbound, path: 'lib/rules/pack/ec2/network-acl-allows-all-inbound.ts' },
  {
    rule: securityGroupAdminPortOpenToInternet,
    path: 'lib/rules/pack/ec2/security-group-admin-port-open-to-internet.ts',
  },
  { rule: securityGroupOpenedToInternet, path: 'lib/rules/pack/ec2/security-group-opened-to-internet.ts' },
  { rule: vpcFlowLogsDeleted, path: 'lib/rules/pack/ec2/vpc-flow-logs-deleted.ts' },
  { rule: guarddutyDetectorDeleted, path: 'lib/rules/pack/guardduty/guardduty-detector-deleted.ts' },
  { rule: guarddutyDetectorDisabled, path: 'lib/rules/pack/guardduty/guardduty-detector-disabled.ts' },
  { rule: guarddutyFindingsAutoArchived, path: 'lib/rules/pack/guardduty/guardduty-findings-auto-archived.ts' },
  { rule: guarddutyMemberDisassociated, path: 'lib/rules/pack/guardduty/guardduty-member-disassociated.ts' },
  { rule: guarddutyTrustedIpListChanged, path: 'lib/rules/pack/guardduty/guardduty-trusted-ip-list-changed.ts' },
  { rule: iamAccessKeyCreatedForOtherUser, path: 'lib/rules/pack/iam/iam-access-key-created-for-other-user.ts' },
  { rule: iamAdminPolicyAttached, path: 'lib/rules/pack/iam/iam-admin-policy-attached.ts' },
  { rule: iamAuthorizationDetailsListed, path: 'lib/rules/pack/iam/iam-authorization-details-listed.ts' },
  { rule: iamInlinePolicyAddedToUser, path: 'lib/rules/pack/iam/iam-inline-policy-added-to-user.ts' },
  { rule: iamInlinePolicyGrantsEverything, path: 'lib/rules/pack/iam/iam-inline-policy-grants-everything.ts' },
  { rule: iamLoginProfileSetForOtherUser, path: 'lib/rules/pack/iam/iam-login-profile-set-for-other-user.ts' },
  { rule: iamMfaDeviceRemoved, path: 'lib/rules/pack/iam/iam-mfa-device-removed.ts' },
  { rule: iamOidcProviderChanged, path: 'lib/rules/pack/iam/iam-oidc-provider-changed.ts' },
  { rule: iamPasswordPolicyWeakened, path: 'lib/rules/pack/iam/iam-password-policy-weakened.ts' },
  { rule: iamPolicyDefaultVersionChanged, path: 'lib/rules/pack/iam/iam-policy-default-version-changed.ts' },
  { rule: iamRoleTrustOpenedToOtherAccount, path: 'lib/rules/pack/iam/iam-role-trust-opened-to-other-account.ts' },
  { rule: iamRoleTrustPolicyPublic, path: 'lib/rules/pack/iam/iam-role-trust-policy-public.ts' },
  { rule: iamSamlProviderChanged, path: 'lib/rules/pack/iam/iam-saml-provider-changed.ts' },
  { rule: iamUserAddedToAdminGroup, path: 'lib/rules/pack/iam/iam-user-added-to-admin-group.ts' },
  { rule: iamUserCreated, path: 'lib/rules/pack/iam/iam-user-created.ts' },
  { rule: kmsImportedKeyMaterialDeleted, path: 'lib/rules/pack/kms/kms-imported-key-material-deleted.ts' },
  { rule: kmsKeyPolicyPublic, path: 'lib/rules/pack/kms/kms-key-policy-public.ts' },
  { rule: kmsKeyScheduledForDeletion, path: 'lib/rules/pack/kms/kms-key-scheduled-for-deletion.ts' },
  { rule: lambdaFunctionCodeUpdated, path: 'lib/rules/pack/lambda/lambda-function-code-updated.ts' },
  { rule: lambdaFunctionUrlWithoutAuth, path: 'lib/rules/pack/lambda/lambda-function-url-without-auth.ts' },
  { rule: lambdaLayerAdded, path: 'lib/rules/pack/lambda/lambda-layer-added.ts' },
  { rule: lambdaPermissionGrantsPublicInvoke, path: 'lib/rules/pack/lambda/lambda-permission-grants-public-invoke.ts' },
  { rule: cloudwatchLogGroupDeleted, path: 'lib/rules/pack/logs/cloudwatch-log-group-deleted.ts' },
  { rule: macieDisabled, path: 'lib/rules/pack/macie/macie-disabled.ts' },
  { rule: cloudwatchAlarmsSilenced, path: 'lib/rules/pack/monitoring/cloudwatch-alarms-silenced.ts' },
  { rule: organizationsAccountLeft, path: 'lib/rules/pack/organizations/organizations-account-left.ts' },
  { rule: organizationsAccountRemoved, path: 'lib/rules/pack/organizations/organizations-account-removed.ts' },
  {
    rule: organizationsConfigurationChanged,
    path: 'lib/rules/pack/organizations/organizations-configuration-changed.ts',
  },
  { rule: rdsDeletedWithoutFinalSnapshot, path: 'lib/rules/pack/rds/rds-deleted-without-final-snapshot.ts' },
  { rule: rdsInstanceMadePublic, path: 'lib/rules/pack/rds/rds-instance-made-public.ts' },
  { rule: rdsSnapshotMadePublic, path: 'lib/rules/pack/rds/rds-snapshot-made-public.ts' },
  { rule: rdsSnapshotSharedWithOtherAccount, path: 'lib/rules/pack/rds/rds-snapshot-shared-with-other-account.ts' },
  { rule: route53DomainTransfer, path: 'lib/rules/pack/route53domains/route53-domain-transfer.ts' },
  { rule: s3AccountBlockPublicAccessRemoved, path: 'lib/rules/pack/s3/s3-account-block-public-access-removed.ts' },
  { rule: s3BlockPublicAccessRemoved, path: 'lib/rules/pack/s3/s3-block-public-access-removed.ts' },
  { rule: s3BucketAclPublic, path: 'lib/rules/pack/s3/s3-bucket-acl-public.ts' },
  { rule: s3BucketDeleted, path: 'lib/rules/pack/s3/s3-bucket-deleted.ts' },
  { rule: s3BucketLoggingDisabled, path: 'lib/rules/pack/s3/s3-bucket-logging-disabled.ts' },
  { rule: s3BucketPolicyPublic, path: 'lib/rules/pack/s3/s3-bucket-policy-public.ts' },
  { rule: s3BucketVersioningSuspended, path: 'lib/rules/pack/s3/s3-bucket-versioning-suspended.ts' },
  { rule: s3MassObjectDeletion, path: 'lib/rules/pack/s3/s3-mass-object-deletion.ts' },
  { rule: s3ReplicationToOtherAccount, path: 'lib/rules/pack/s3/s3-replication-to-other-account.ts' },
  { rule: secretsmanagerMassSecretReads, path: 'lib/rules/pack/secretsmanager/secretsmanager-mass-secret-reads.ts' },
  {
    rule: secretsmanagerSecretPolicyPublic,
    path: 'lib/rules/pack/secretsmanager/secretsmanager-secret-policy-public.ts',
  },
  { rule: securityhubDisabled, path: 'lib/rules/pack/securityhub/securityhub-disabled.ts' },
  { rule: securityhubFindingsSuppressed, path: 'lib/rules/pack/securityhub/securityhub-findings-suppressed.ts' },
  { rule: securityhubStandardsDisabled, path: 'lib/rules/pack/securityhub/securityhub-standards-disabled.ts' },
  { rule: consoleLoginFailureBurst, path: 'lib/rules/pack/signin/console-login-failure-burst.ts' },
  { rule: consoleLoginRoot, path: 'lib/rules/pack/signin/console-login-root.ts' },
  { rule: ssmMassParameterReads, path: 'lib/rules/pack/ssm/ssm-mass-parameter-reads.ts' },
  { rule: stsFederationTokenIssued, path: 'lib/rules/pack/sts/sts-federation-token-issued.ts' },
  { rule: stsGetCallerIdentityAttackTool, path: 'lib/rules/pack/sts/sts-get-caller-identity-attack-tool.ts' },
];
