import type { AwsSecurityFinding, Resource } from '@aws-sdk/client-securityhub';
import type { Alert, Severity } from '../model/alert.js';
import { parseArn } from './parse-arn.js';

/** The ASFF schema version every finding declares. */
export const ASFF_SCHEMA_VERSION = '2018-10-08';

/** Where a finding goes: the importing account's default product in one region. */
export type AsffTarget = {
  /** The region the findings are imported into (the Security Hub client's). */
  region: string;
  /**
   * The account that imports the findings. BatchImportFindings with the default product ARN only
   * takes findings whose AwsAccountId is the caller's; unset, each finding uses its alert's account.
   */
  account?: string;
};

const SEVERITY_LABELS = {
  info: 'INFORMATIONAL',
  low: 'LOW',
  medium: 'MEDIUM',
  high: 'HIGH',
  critical: 'CRITICAL',
} as const satisfies Record<Severity, string>;

/**
 * ATT&CK tactics to ASFF types, after the ASFF types taxonomy
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format-type-taxonomy.html):
 * the TTPs namespace has the tactics of an intrusion; exfiltration and impact are effects.
 */
const TACTIC_TYPES: Record<string, string> = {
  'initial-access': 'TTPs/Initial Access',
  execution: 'TTPs/Execution',
  persistence: 'TTPs/Persistence',
  'privilege-escalation': 'TTPs/Privilege Escalation',
  'defense-evasion': 'TTPs/Defense Evasion',
  'credential-access': 'TTPs/Credential Access',
  discovery: 'TTPs/Discovery',
  'lateral-movement': 'TTPs/Lateral Movement',
  collection: 'TTPs/Collection',
  'command-and-control': 'TTPs/Command and Control',
  exfiltration: 'Effects/Data Exfiltration',
  impact: 'Effects/Data Destruction',
};

/** Types of alerts with no tactic the taxonomy names, by category. */
const CATEGORY_TYPES = {
  detection: 'Unusual Behaviors/User',
  integrity: 'Effects/Data Destruction',
  insight: 'Unusual Behaviors/User',
  configuration: 'Software and Configuration Checks/AWS Security Best Practices',
} as const;

/** The ASFF `Types` of an alert: one per ATT&CK tactic tag, else by category. At most 50. */
export const asffTypes = (alert: Alert): string[] => {
  if (alert.category !== 'detection') return [CATEGORY_TYPES[alert.category]];
  const types = alert.tags
    .map((tag) => /^attack\.([a-z-]+)$/.exec(tag)?.[1])
    .map((tactic) => (tactic === undefined ? undefined : TACTIC_TYPES[tactic]))
    .filter((t): t is string => t !== undefined);
  return types.length > 0 ? [...new Set(types)].slice(0, 50) : [CATEGORY_TYPES.detection];
};

const partitionOf = (region: string): string =>
  region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';

/**
 * The account's default product in a region: where trailwatch imports its findings, and so the
 * `ProductArn` that identifies them (with their `Id`) when they are updated.
 * @example defaultProductArn('us-east-1', '123456789012') // arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default
 */
export const defaultProductArn = (region: string, account: string): string =>
  `arn:${partitionOf(region)}:securityhub:${region}:${account}:product/${account}/default`;

/** The resource type Security Hub knows an ARN as: IAM users and roles, S3 buckets, else Other. */
export const resourceType = (arn: string): string => {
  const parts = parseArn(arn);
  if (parts === undefined) return 'Other';
  if (parts.service === 'iam' && parts.resource.startsWith('user/')) return 'AwsIamUser';
  if (parts.service === 'iam' && parts.resource.startsWith('role/')) return 'AwsIamRole';
  if (parts.service === 'sts' && parts.resource.startsWith('assumed-role/')) return 'AwsIamRole';
  if (parts.service === 's3' && parts.region === '' && !parts.resource.includes('/')) return 'AwsS3Bucket';
  return 'Other';
};

const resourcesOf = (alert: Alert, region: string): Resource[] => {
  const arns = [alert.principal, ...(alert.resources ?? [])].filter(
    (c): c is string => c !== undefined && parseArn(c) !== undefined
  );
  if (alert.bucket !== undefined && alert.category === 'integrity')
    arns.push(`arn:${partitionOf(region)}:s3:::${alert.bucket}`);
  const resources: Resource[] = [...new Set(arns)].slice(0, 32).map((arn) => {
    const parts = parseArn(arn);
    return {
      Type: resourceType(arn),
      Id: arn,
      Partition: (parts?.partition ?? partitionOf(region)) as Resource['Partition'],
      Region: parts?.region || alert.region || region,
    };
  });
  if (resources.length > 0) return resources;
  // Resources may not be empty: an alert that names no ARN is about its account.
  return [
    {
      Type: 'AwsAccount',
      Id: `AWS::::Account:${alert.account ?? ''}`,
      Partition: partitionOf(region) as Resource['Partition'],
      Region: alert.region ?? region,
    },
  ];
};

const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}$/;
const isIpV6 = (value: string): boolean => value.includes(':') && /^[0-9a-fA-F:.]+$/.test(value);

const networkAndAction = (alert: Alert): Pick<AwsSecurityFinding, 'Network' | 'Action'> => {
  const ip = alert.sourceIPAddress;
  const v4 = ip !== undefined && IPV4.test(ip) ? ip : undefined;
  const v6 = ip !== undefined && v4 === undefined && isIpV6(ip) ? ip : undefined;
  const address = v4 ?? v6;
  // CloudTrail writes a service's name (s3.amazonaws.com) or "AWS Internal" when AWS made the call.
  const domain = ip !== undefined && address === undefined ? ip : undefined;
  return {
    ...(address !== undefined && {
      Network: { Direction: 'IN', ...(v4 !== undefined ? { SourceIpV4: v4 } : { SourceIpV6: v6 }) },
    }),
    ...(alert.eventName !== undefined && {
      Action: {
        ActionType: 'AWS_API_CALL',
        AwsApiCallAction: {
          Api: alert.eventName,
          ...(alert.eventSource !== undefined && { ServiceName: alert.eventSource }),
          CallerType: address !== undefined ? 'remoteip' : 'domain',
          ...(address !== undefined && { RemoteIpDetails: { IpAddressV4: address } }),
          ...(domain !== undefined && { DomainDetails: { Domain: domain } }),
          FirstSeen: alert.firstSeen,
          LastSeen: alert.lastSeen,
        },
      },
    }),
  };
};

const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

const productFields = (alert: Alert): Record<string, string> => {
  const facts: Array<[string, string | number | undefined]> = [
    ['trailwatch/count', alert.count],
    ['trailwatch/category', alert.category],
    ['trailwatch/alertId', alert.id],
    ['trailwatch/incidentId', alert.incidentId],
    ['trailwatch/lifecycle', alert.lifecycle],
    ['trailwatch/escalation', alert.escalation],
    ['trailwatch/account', alert.account],
    ['trailwatch/accountName', alert.accountName],
    ['trailwatch/region', alert.region],
    ['trailwatch/principal', alert.principal],
    ['trailwatch/sourceIPAddress', alert.sourceIPAddress],
    ['trailwatch/eventIds', alert.eventIds.join(',')],
    ['trailwatch/bucket', alert.bucket],
    ['trailwatch/s3Key', alert.s3Key],
    ['trailwatch/tags', alert.tags.join(',')],
  ];
  return Object.fromEntries(
    facts
      .filter((f): f is [string, string | number] => f[1] !== undefined && f[1] !== '')
      .map(([key, value]) => [key, cut(String(value), 2048)])
  );
};

/**
 * Maps an alert to an AWS Security Finding Format (ASFF 2018-10-08) finding
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format.html).
 * The finding's `Id` is the incident id (a one-off alert's own id), so every notification of an
 * incident (opened, escalated) imports into the same finding: BatchImportFindings updates it in
 * place, with a later `UpdatedAt` and the new count in `ProductFields`. Severity and Types are set
 * both at the top level and in `FindingProviderFields`, the fields a provider updates them through.
 * @param alert - a notification or one-off alert
 * @param target - the importing region and account
 * @param now - the notification's time: `UpdatedAt`
 * @throws Error when neither the target nor the alert names an account
 * @example toAsffFinding(alert, { region: 'us-east-1', account: '123456789012' }, new Date())
 */
export const toAsffFinding = (alert: Alert, target: AsffTarget, now: Date): AwsSecurityFinding => {
  const account = target.account ?? alert.account;
  if (account === undefined || !/^\d{12}$/.test(account))
    throw new Error(`alert ${alert.id} names no 12-digit account to import its finding into`);
  const severity = { Label: SEVERITY_LABELS[alert.severity], Original: alert.severity } as const;
  const types = asffTypes(alert);
  const updatedAt = now.toISOString();
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: alert.incidentId ?? alert.id,
    ProductArn: defaultProductArn(target.region, account),
    ProductName: 'trailwatch',
    CompanyName: 'trailwatch',
    GeneratorId: alert.ruleId,
    AwsAccountId: account,
    Region: target.region,
    Types: types,
    FirstObservedAt: alert.firstSeen,
    LastObservedAt: alert.lastSeen,
    CreatedAt: alert.firstSeen,
    // UpdatedAt must not precede CreatedAt, even for a clock behind the events.
    UpdatedAt: Date.parse(updatedAt) < Date.parse(alert.firstSeen) ? alert.firstSeen : updatedAt,
    Severity: severity,
    FindingProviderFields: { Severity: severity, Types: types },
    Title: cut(alert.title, 256),
    Description: cut(alert.description ?? alert.title, 1024),
    Resources: resourcesOf(alert, target.region),
    ...networkAndAction(alert),
    ProductFields: productFields(alert),
    RecordState: 'ACTIVE',
    Workflow: { Status: 'NEW' },
  };
};
