import { TrailwatchError } from '../model/errors.js';
import { ok, skipped } from './outcome.js';
import {
  type BucketCalls,
  type LifecycleRule,
  type Outcome,
  SNAPSHOT_SCHEMA_VERSION,
  type TrailCalls,
  type TrailDescription,
  type TrailSnapshot,
} from '../model/trails.js';

/** A CloudFormation template (JSON, or YAML parsed with long-form intrinsics). */
export type CfnTemplate = {
  Parameters?: Record<string, { Default?: unknown }>;
  Conditions?: Record<string, unknown>;
  Resources?: Record<string, { Type?: string; Condition?: string; Properties?: Record<string, unknown> }>;
};

/** Where the template is imagined deployed. */
export type TemplateContext = {
  accountId: string;
  region: string;
  /** Regions the audit covers (default: the deployment region). */
  regions?: readonly string[];
  stackName?: string;
  /** When the snapshot is "taken": the trail is taken to have just started logging. */
  takenAt?: string;
};

/** The template uses an intrinsic function or a reference this reader cannot resolve. */
export class TemplateError extends TrailwatchError {
  readonly path: string;
  constructor(path: string, detail: string) {
    super(`template ${path}: ${detail}`);
    this.name = 'TemplateError';
    this.path = path;
  }
}

type Resources = NonNullable<CfnTemplate['Resources']>;
type Json = unknown;

const physicalName = (resources: Resources, id: string, context: TemplateContext): string => {
  const resource = resources[id];
  const props = resource?.Properties ?? {};
  switch (resource?.Type) {
    case 'AWS::S3::Bucket':
      return typeof props.BucketName === 'string'
        ? props.BucketName
        : `${context.stackName ?? 'stack'}-${id.toLowerCase()}`;
    case 'AWS::CloudTrail::Trail':
      return typeof props.TrailName === 'string' ? props.TrailName : id;
    case 'AWS::KMS::Key':
      return `key-${id}`;
    default:
      return id;
  }
};

/** Resolves Ref, Fn::GetAtt, Fn::Sub, Fn::If, Fn::Join over the imagined deployment. */
const resolver = (template: CfnTemplate, context: TemplateContext) => {
  const resources = template.Resources ?? {};
  const partition = 'aws';
  const pseudo: Record<string, string> = {
    'AWS::AccountId': context.accountId,
    'AWS::Region': context.region,
    'AWS::Partition': partition,
    'AWS::StackName': context.stackName ?? 'stack',
    'AWS::URLSuffix': 'amazonaws.com',
  };
  const ref = (id: string, path: string): string => {
    if (pseudo[id] !== undefined) return pseudo[id];
    const parameter = template.Parameters?.[id];
    if (parameter) return String(parameter.Default ?? '');
    if (resources[id] || id.endsWith('LambdaFunction') || id === 'IamRoleLambdaExecution')
      return physicalName(resources, id, context);
    throw new TemplateError(path, `Ref to unknown '${id}'`);
  };
  const getAtt = (id: string, attribute: string, path: string): string => {
    const type = resources[id]?.Type;
    const name = physicalName(resources, id, context);
    if (attribute !== 'Arn') throw new TemplateError(path, `Fn::GetAtt ${id}.${attribute} is not supported`);
    if (type === 'AWS::S3::Bucket') return `arn:${partition}:s3:::${name}`;
    if (type === 'AWS::KMS::Key') return `arn:${partition}:kms:${context.region}:${context.accountId}:key/${name}`;
    if (type === 'AWS::CloudTrail::Trail')
      return `arn:${partition}:cloudtrail:${context.region}:${context.accountId}:trail/${name}`;
    if (type === 'AWS::Events::Rule')
      return `arn:${partition}:events:${context.region}:${context.accountId}:rule/${name}`;
    if (id.endsWith('LambdaFunction'))
      return `arn:${partition}:lambda:${context.region}:${context.accountId}:function:${name}`;
    if (!type) throw new TemplateError(path, `Fn::GetAtt on unknown '${id}'`);
    // Other resources' ARNs only ever land in fields the audit does not read.
    return `arn:${partition}:${type.split('::')[1]?.toLowerCase() ?? 'unknown'}:${context.region}:${context.accountId}:${name}`;
  };
  const conditions = new Map<string, boolean>();
  const condition = (name: string, path: string): boolean => {
    const known = conditions.get(name);
    if (known !== undefined) return known;
    const definition = template.Conditions?.[name];
    if (definition === undefined) throw new TemplateError(path, `unknown condition '${name}'`);
    const value = Boolean(resolve(definition, `Conditions.${name}`));
    conditions.set(name, value);
    return value;
  };
  const resolve = (value: Json, path: string): Json => {
    if (Array.isArray(value)) return value.map((v, i) => resolve(v, `${path}[${i}]`));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, Json>);
    if (entries.length === 1) {
      const [fn, arg] = entries[0] as [string, Json];
      switch (fn) {
        case 'Ref':
          return ref(String(arg), path);
        case 'Fn::GetAtt': {
          const [id, attribute] = Array.isArray(arg) ? arg.map(String) : String(arg).split('.');
          return getAtt(id as string, attribute as string, path);
        }
        case 'Fn::Sub': {
          const [text, vars] = Array.isArray(arg) ? (arg as [string, Record<string, Json>]) : [String(arg), {}];
          return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
            if (vars[name] !== undefined) return String(resolve(vars[name], path));
            const [id, attribute] = name.split('.');
            return attribute ? getAtt(id as string, attribute, path) : ref(name, path);
          });
        }
        case 'Fn::Join': {
          const [separator, items] = arg as [string, Json[]];
          return (resolve(items, path) as Json[]).map(String).join(separator);
        }
        case 'Fn::If': {
          const [name, whenTrue, whenFalse] = arg as [string, Json, Json];
          return resolve(condition(name, path) ? whenTrue : whenFalse, path);
        }
        case 'Fn::Equals': {
          const [a, b] = resolve(arg, path) as [Json, Json];
          return String(a) === String(b);
        }
        case 'Fn::And':
          return (arg as Json[]).every((c, i) => Boolean(resolve(c, `${path}[${i}]`)));
        case 'Fn::Or':
          return (arg as Json[]).some((c, i) => Boolean(resolve(c, `${path}[${i}]`)));
        case 'Fn::Not':
          return !resolve((arg as Json[])[0], path);
        case 'Condition':
          return condition(String(arg), path);
        default:
          if (fn.startsWith('Fn::')) throw new TemplateError(path, `${fn} is not supported`);
      }
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, resolve(v, `${path}.${k}`)]));
  };
  const included = (id: string): boolean => {
    const name = resources[id]?.Condition;
    return name === undefined || condition(name, `Resources.${id}.Condition`);
  };
  return { resolve, included, resources };
};

const PUBLIC_ACLS = ['PublicRead', 'PublicReadWrite'];

const bucketCallsOf = (props: Record<string, Json>, policies: Array<Record<string, Json>>): BucketCalls => {
  const block = props.PublicAccessBlockConfiguration as Record<string, boolean> | undefined;
  const sse = (
    props.BucketEncryption as { ServerSideEncryptionConfiguration?: Array<Record<string, Json>> } | undefined
  )?.ServerSideEncryptionConfiguration;
  const versioning = props.VersioningConfiguration as { Status?: string } | undefined;
  const logging = props.LoggingConfiguration as { DestinationBucketName?: string; LogFilePrefix?: string } | undefined;
  const lifecycle = (props.LifecycleConfiguration as { Rules?: Array<Record<string, Json>> } | undefined)?.Rules;
  const statements = policies.flatMap((p) => (p.Statement as Array<Record<string, Json>> | undefined) ?? []);
  const isPublic = statements.some(
    (s) =>
      s.Effect === 'Allow' &&
      s.Condition === undefined &&
      (s.Principal === '*' || (s.Principal as { AWS?: Json } | undefined)?.AWS === '*')
  );
  return {
    policyStatus:
      policies.length > 0
        ? ok({ PolicyStatus: { IsPublic: isPublic } })
        : { status: 'absent', code: 'NoSuchBucketPolicy', message: 'no bucket policy declared' },
    publicAccessBlock: block
      ? ok({ PublicAccessBlockConfiguration: block })
      : { status: 'absent', code: 'NoSuchPublicAccessBlockConfiguration', message: 'not declared' },
    // Since January 2023 every bucket without a declared default is encrypted with SSE-S3.
    encryption: ok({
      ServerSideEncryptionConfiguration: {
        Rules: sse
          ? sse.map((r) => ({
              ApplyServerSideEncryptionByDefault: r.ServerSideEncryptionByDefault as {
                SSEAlgorithm?: string;
                KMSMasterKeyID?: string;
              },
              BucketKeyEnabled: r.BucketKeyEnabled === true,
            }))
          : [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }],
      },
    }),
    versioning: ok(versioning?.Status ? { Status: versioning.Status } : {}),
    logging: ok(
      logging?.DestinationBucketName
        ? { LoggingEnabled: { TargetBucket: logging.DestinationBucketName, TargetPrefix: logging.LogFilePrefix } }
        : {}
    ),
    objectLock:
      props.ObjectLockEnabled === true
        ? ok({ ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' } })
        : { status: 'absent', code: 'ObjectLockConfigurationNotFoundError', message: 'not declared' },
    lifecycle: lifecycle
      ? ok({
          Rules: lifecycle.map(
            (r): LifecycleRule => ({
              ID: r.Id as string | undefined,
              Status: r.Status as string | undefined,
              ...(r.ExpirationInDays !== undefined && { Expiration: { Days: Number(r.ExpirationInDays) } }),
            })
          ),
        })
      : { status: 'absent', code: 'NoSuchLifecycleConfiguration', message: 'not declared' },
    acl: ok({
      Grants: PUBLIC_ACLS.includes(String(props.AccessControl))
        ? [{ Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' }]
        : [],
    }),
  };
};

/**
 * The snapshot a template would produce once deployed: its trails as DescribeTrails would list
 * them (just started logging), their selectors, and the settings its buckets declare. Lets the
 * audit judge a template before it is deployed (the createTrail resources, a packaged
 * `.serverless/cloudformation-template-update-stack.json`). Buckets the template does not declare
 * are "not collected"; so are delegated administrators.
 * @param template - the template, with Serverless variables already resolved
 * @param context - account, region and time of the imagined deployment
 * @returns the snapshot
 * @throws TemplateError on an intrinsic or reference it cannot resolve
 */
export const snapshotFromTemplate = (template: CfnTemplate, context: TemplateContext): TrailSnapshot => {
  const { resolve, included, resources } = resolver(template, context);
  const regions = [...(context.regions ?? [context.region])];
  const takenAt = context.takenAt ?? new Date().toISOString();
  const trails: Array<{ description: TrailDescription; calls: TrailCalls }> = [];
  const bucketIds = new Map<string, string>();
  const policies = new Map<string, Array<Record<string, Json>>>();
  const relevant = new Set(['AWS::CloudTrail::Trail', 'AWS::S3::Bucket', 'AWS::S3::BucketPolicy']);
  for (const [id, resource] of Object.entries(resources)) {
    if (!relevant.has(resource.Type ?? '') || !included(id)) continue;
    const props = resolve(resource.Properties ?? {}, `Resources.${id}.Properties`) as Record<string, Json>;
    if (resource.Type === 'AWS::S3::Bucket') bucketIds.set(physicalName(resources, id, context), id);
    if (resource.Type === 'AWS::S3::BucketPolicy') {
      const list = policies.get(String(props.Bucket)) ?? [];
      list.push(props.PolicyDocument as Record<string, Json>);
      policies.set(String(props.Bucket), list);
    }
    if (resource.Type !== 'AWS::CloudTrail::Trail') continue;
    const name = physicalName(resources, id, context);
    const arn = `arn:aws:cloudtrail:${context.region}:${context.accountId}:trail/${name}`;
    const insights = props.InsightSelectors as Array<{ InsightType?: string }> | undefined;
    trails.push({
      description: {
        Name: name,
        S3BucketName: props.S3BucketName as string | undefined,
        ...(props.S3KeyPrefix !== undefined && { S3KeyPrefix: String(props.S3KeyPrefix) }),
        IncludeGlobalServiceEvents: props.IncludeGlobalServiceEvents !== false,
        IsMultiRegionTrail: props.IsMultiRegionTrail === true,
        HomeRegion: context.region,
        TrailARN: arn,
        LogFileValidationEnabled: props.EnableLogFileValidation === true,
        ...(props.CloudWatchLogsLogGroupArn !== undefined && {
          CloudWatchLogsLogGroupArn: String(props.CloudWatchLogsLogGroupArn),
        }),
        ...(props.KMSKeyId !== undefined && { KmsKeyId: String(props.KMSKeyId) }),
        IsOrganizationTrail: props.IsOrganizationTrail === true,
      },
      calls: {
        status: ok(props.IsLogging === true ? { IsLogging: true, StartLoggingTime: takenAt } : { IsLogging: false }),
        eventSelectors: ok({
          TrailARN: arn,
          ...(props.EventSelectors !== undefined && { EventSelectors: props.EventSelectors as never }),
          ...(props.AdvancedEventSelectors !== undefined && {
            AdvancedEventSelectors: props.AdvancedEventSelectors as never,
          }),
        }),
        insightSelectors: insights?.length
          ? ok({ TrailARN: arn, InsightSelectors: insights })
          : { status: 'absent', code: 'InsightNotEnabledException', message: 'no InsightSelectors declared' },
      },
    });
  }
  const buckets: Record<string, BucketCalls> = {};
  for (const { description } of trails) {
    const bucket = description.S3BucketName;
    if (!bucket || buckets[bucket]) continue;
    const id = bucketIds.get(bucket);
    if (id) {
      const props = resolve(resources[id]?.Properties ?? {}, `Resources.${id}.Properties`) as Record<string, Json>;
      buckets[bucket] = bucketCallsOf(props, policies.get(bucket) ?? []);
    }
  }
  const organizational = trails.some((t) => t.description.IsOrganizationTrail);
  const notDeclared = <T>(what: string): Outcome<T> =>
    skipped<T>('NotInTemplate', `${what} is not declared in a template`);
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    takenAt,
    accountId: context.accountId,
    regions,
    describeTrails: Object.fromEntries(
      regions.map((region) => [
        region,
        ok({
          trailList: trails.map((t) => t.description).filter((d) => d.IsMultiRegionTrail || d.HomeRegion === region),
        }),
      ])
    ),
    trails: Object.fromEntries(trails.map((t) => [t.description.TrailARN as string, t.calls])),
    buckets,
    organization: organizational
      ? ok({ Organization: { MasterAccountId: context.accountId } })
      : { status: 'absent', code: 'AWSOrganizationsNotInUseException', message: 'no organization trail declared' },
    delegatedAdministrators: notDeclared('the CloudTrail delegated administrator'),
  };
};
