import {
  CloudTrailClient,
  CreateTrailCommand,
  PutEventSelectorsCommand,
  PutInsightSelectorsCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import {
  CreateBucketCommand,
  PutBucketAclCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketLoggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';

/** moto's default account. */
export const MOTO_ACCOUNT = '123456789012';

/** Real SDK v3 clients for moto, to set up what the audit then reads. */
export const motoClients = (endpoint: string, region = 'us-east-1') => ({
  s3: new S3Client({ endpoint, region, forcePathStyle: true }),
  cloudTrail: new CloudTrailClient({ endpoint, region }),
  kms: new KMSClient({ endpoint, region }),
  organizations: new OrganizationsClient({ endpoint, region: 'us-east-1' }),
});

type Clients = ReturnType<typeof motoClients>;

/** A bucket as a careful team keeps it: Block Public Access, SSE-KMS with Bucket Key, versioning with MFA delete, access logs, lifecycle. */
export const createGoodBucket = async (c: Clients, bucket: string, keyArn: string): Promise<void> => {
  await c.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await c.s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: bucket,
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    })
  );
  await c.s3.send(
    new PutBucketEncryptionCommand({
      Bucket: bucket,
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn },
            BucketKeyEnabled: true,
          },
        ],
      },
    })
  );
  await c.s3.send(
    new PutBucketVersioningCommand({
      Bucket: bucket,
      VersioningConfiguration: { Status: 'Enabled', MFADelete: 'Enabled' },
      MFA: 'arn:aws:iam::123456789012:mfa/root-account-mfa-device 123456',
    })
  );
  await c.s3.send(new CreateBucketCommand({ Bucket: `${bucket}-access-logs` }));
  await c.s3.send(
    new PutBucketAclCommand({
      Bucket: `${bucket}-access-logs`,
      GrantWrite: 'uri="http://acs.amazonaws.com/groups/s3/LogDelivery"',
      GrantReadACP: 'uri="http://acs.amazonaws.com/groups/s3/LogDelivery"',
    })
  );
  await c.s3.send(
    new PutBucketLoggingCommand({
      Bucket: bucket,
      BucketLoggingStatus: { LoggingEnabled: { TargetBucket: `${bucket}-access-logs`, TargetPrefix: `${bucket}/` } },
    })
  );
  await c.s3.send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: bucket,
      LifecycleConfiguration: {
        Rules: [{ ID: 'retention', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 2555 } }],
      },
    })
  );
};

/** One multi-region trail with global events, validation, KMS, CloudWatch Logs, Insights and management + S3-write selectors. */
export const createGoodTrail = async (c: Clients, name: string, bucket: string, keyArn: string): Promise<string> => {
  const trail = await c.cloudTrail.send(
    new CreateTrailCommand({
      Name: name,
      S3BucketName: bucket,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      KmsKeyId: keyArn,
      CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${MOTO_ACCOUNT}:log-group:${name}:*`,
      CloudWatchLogsRoleArn: `arn:aws:iam::${MOTO_ACCOUNT}:role/${name}-to-logs`,
    })
  );
  await c.cloudTrail.send(
    new PutEventSelectorsCommand({
      TrailName: name,
      AdvancedEventSelectors: [
        { Name: 'Management', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        {
          Name: 'S3 writes',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
            { Field: 'readOnly', Equals: ['false'] },
          ],
        },
      ],
    })
  );
  await c.cloudTrail.send(
    new PutInsightSelectorsCommand({ TrailName: name, InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }] })
  );
  await c.cloudTrail.send(new StartLoggingCommand({ Name: name }));
  return trail.TrailARN as string;
};

/** A KMS key for trail encryption. */
export const createKey = async (c: Clients): Promise<string> =>
  (await c.kms.send(new CreateKeyCommand({ Description: 'trail key' }))).KeyMetadata?.Arn as string;

/** The good set-up: one KMS key, one good bucket, one good trail. */
export const setUpGoodAccount = async (
  endpoint: string
): Promise<{ trailArn: string; bucket: string; keyArn: string }> => {
  const c = motoClients(endpoint);
  const keyArn = await createKey(c);
  const bucket = 'good-trail-bucket';
  await createGoodBucket(c, bucket, keyArn);
  const trailArn = await createGoodTrail(c, 'good-trail', bucket, keyArn);
  return { trailArn, bucket, keyArn };
};

/**
 * The bad set-up, in us-west-2 only: a public-read bucket without Block Public Access, versioning
 * or encryption; a single-region trail without global events, validation or KMS, with basic
 * selectors on every S3 object; and a second logging trail that duplicates its management events.
 */
export const setUpBadAccount = async (
  endpoint: string
): Promise<{ trailArn: string; copyArn: string; bucket: string }> => {
  const c = motoClients(endpoint, 'us-west-2');
  const bucket = 'bad-trail-bucket';
  await c.s3.send(
    new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: 'us-west-2' } })
  );
  await c.s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'public-read' }));
  const trail = await c.cloudTrail.send(
    new CreateTrailCommand({
      Name: 'bad-trail',
      S3BucketName: bucket,
      IsMultiRegionTrail: false,
      IncludeGlobalServiceEvents: false,
    })
  );
  await c.cloudTrail.send(
    new PutEventSelectorsCommand({
      TrailName: 'bad-trail',
      EventSelectors: [
        {
          ReadWriteType: 'All',
          IncludeManagementEvents: true,
          DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }],
        },
      ],
    })
  );
  await c.cloudTrail.send(new StartLoggingCommand({ Name: 'bad-trail' }));
  const copy = await c.cloudTrail.send(
    new CreateTrailCommand({
      Name: 'copy-trail',
      S3BucketName: bucket,
      IsMultiRegionTrail: false,
      IncludeGlobalServiceEvents: false,
    })
  );
  await c.cloudTrail.send(new StartLoggingCommand({ Name: 'copy-trail' }));
  return { trailArn: trail.TrailARN as string, copyArn: copy.TrailARN as string, bucket };
};

/** An organization (moto's account is its management account) with an organization trail. */
export const setUpOrganizationTrail = async (endpoint: string): Promise<string> => {
  const c = motoClients(endpoint);
  await c.organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const keyArn = await createKey(c);
  await createGoodBucket(c, 'org-trail-bucket', keyArn);
  const trail = await c.cloudTrail.send(
    new CreateTrailCommand({
      Name: 'org-trail',
      S3BucketName: 'org-trail-bucket',
      IsMultiRegionTrail: true,
      IsOrganizationTrail: true,
      EnableLogFileValidation: true,
      KmsKeyId: keyArn,
    })
  );
  await c.cloudTrail.send(new StartLoggingCommand({ Name: 'org-trail' }));
  return trail.TrailARN as string;
};
