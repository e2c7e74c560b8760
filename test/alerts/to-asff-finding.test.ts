import { describe, expect, it } from 'vitest';
import { asffTypes, resourceType, toAsffFinding } from '../../lib/alerts/to-asff-finding.js';
import type { Alert } from '../../lib/model/alert.js';
import { makeAlert } from './make-alert.js';

const TARGET = { region: 'us-east-1', account: '123456789012' };
const NOW = new Date('2024-05-02T08:00:00.000Z');

/**
 * The attributes BatchImportFindings requires
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/asff-required-attributes.html).
 */
const REQUIRED = [
  'AwsAccountId',
  'CreatedAt',
  'Description',
  'GeneratorId',
  'Id',
  'ProductArn',
  'Resources',
  'SchemaVersion',
  'Severity',
  'Title',
  'Types',
  'UpdatedAt',
];
const TYPE_NAMESPACES = [
  'Software and Configuration Checks',
  'TTPs',
  'Effects',
  'Unusual Behaviors',
  'Sensitive Data Identifications',
];

const notification = (overrides: Partial<Alert> = {}): Alert =>
  makeAlert({
    id: 'b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6',
    incidentId: 'a0a1a2a3a4a5a6a7a8a9aaabacadaeaf',
    lifecycle: 'opened',
    escalation: 0,
    ...overrides,
  });

describe('toAsffFinding', () => {
  it('maps a detection notification field by field', () => {
    // Act
    const finding = toAsffFinding(notification({ count: 3, lastSeen: '2024-05-01T10:20:00Z' }), TARGET, NOW);
    // Assess
    expect(finding).toMatchObject({
      SchemaVersion: '2018-10-08',
      Id: 'a0a1a2a3a4a5a6a7a8a9aaabacadaeaf',
      ProductArn: 'arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default',
      GeneratorId: 'cloudtrail-logging-stopped',
      AwsAccountId: '123456789012',
      Types: ['TTPs/Defense Evasion'],
      CreatedAt: '2024-05-01T10:00:00Z',
      UpdatedAt: '2024-05-02T08:00:00.000Z',
      FirstObservedAt: '2024-05-01T10:00:00Z',
      LastObservedAt: '2024-05-01T10:20:00Z',
      Severity: { Label: 'HIGH', Original: 'high' },
      FindingProviderFields: { Severity: { Label: 'HIGH', Original: 'high' }, Types: ['TTPs/Defense Evasion'] },
      Title: 'CloudTrail logging stopped',
      Description: 'A trail was stopped, often the first step in covering tracks.',
      Resources: [
        { Type: 'AwsIamUser', Id: 'arn:aws:iam::123456789012:user/alice', Partition: 'aws', Region: 'us-east-1' },
        {
          Type: 'Other',
          Id: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/management',
          Partition: 'aws',
          Region: 'us-east-1',
        },
      ],
      Network: { Direction: 'IN', SourceIpV4: '198.51.100.7' },
      Action: {
        ActionType: 'AWS_API_CALL',
        AwsApiCallAction: {
          Api: 'StopLogging',
          ServiceName: 'cloudtrail.amazonaws.com',
          CallerType: 'remoteip',
          RemoteIpDetails: { IpAddressV4: '198.51.100.7' },
          FirstSeen: '2024-05-01T10:00:00Z',
          LastSeen: '2024-05-01T10:20:00Z',
        },
      },
      ProductFields: {
        'trailwatch/count': '3',
        'trailwatch/lifecycle': 'opened',
        'trailwatch/incidentId': 'a0a1a2a3a4a5a6a7a8a9aaabacadaeaf',
        'trailwatch/alertId': 'b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6',
      },
      RecordState: 'ACTIVE',
      Workflow: { Status: 'NEW' },
    });
    for (const attribute of REQUIRED) expect(finding).toHaveProperty(attribute);
  });

  it('gives an escalation the same Id, a later UpdatedAt and the new count', () => {
    // Prepare
    const opened = toAsffFinding(notification(), TARGET, NOW);
    // Act
    const escalated = toAsffFinding(
      notification({ id: 'ffff0000ffff0000ffff0000ffff0000', lifecycle: 'escalated', escalation: 10, count: 12 }),
      TARGET,
      new Date(NOW.getTime() + 60_000)
    );
    // Assess
    expect(escalated.Id).toBe(opened.Id);
    expect(escalated.CreatedAt).toBe(opened.CreatedAt);
    expect(escalated.UpdatedAt).toBe('2024-05-02T08:01:00.000Z');
    expect(escalated.ProductFields).toMatchObject({
      'trailwatch/count': '12',
      'trailwatch/lifecycle': 'escalated',
      'trailwatch/escalation': '10',
    });
  });

  it.each([
    ['info', 'INFORMATIONAL'],
    ['low', 'LOW'],
    ['medium', 'MEDIUM'],
    ['high', 'HIGH'],
    ['critical', 'CRITICAL'],
  ] as const)('labels severity %s as %s', (severity, label) => {
    // Act
    const finding = toAsffFinding(notification({ severity }), TARGET, NOW);
    // Assess
    expect(finding.Severity?.Label).toBe(label);
    expect(finding.FindingProviderFields?.Severity?.Label).toBe(label);
  });

  it('uses the alert id as the Id of a one-off alert and its own account when none is given', () => {
    // Act
    const finding = toAsffFinding(makeAlert({ account: '444455556666' }), { region: 'eu-west-1' }, NOW);
    // Assess
    expect(finding.Id).toBe('cloudtrail-logging-stopped-0f1e2d3c4b5a6978');
    expect(finding.AwsAccountId).toBe('444455556666');
    expect(finding.ProductArn).toBe('arn:aws:securityhub:eu-west-1:444455556666:product/444455556666/default');
  });

  it('builds the product ARN in the partition of the region', () => {
    // Act
    const finding = toAsffFinding(notification(), { region: 'cn-north-1', account: '123456789012' }, NOW);
    // Assess
    expect(finding.ProductArn).toBe('arn:aws-cn:securityhub:cn-north-1:123456789012:product/123456789012/default');
  });

  it('maps every ATT&CK tactic tag to a type of the ASFF taxonomy', () => {
    // Prepare
    const tags = [
      'attack.persistence',
      'attack.t1098',
      'attack.privilege-escalation',
      'attack.exfiltration',
      'attack.impact',
      'attack.credential-access',
    ];
    // Act
    const types = asffTypes(notification({ tags }));
    // Assess
    expect(types).toEqual([
      'TTPs/Persistence',
      'TTPs/Privilege Escalation',
      'Effects/Data Exfiltration',
      'Effects/Data Destruction',
      'TTPs/Credential Access',
    ]);
    for (const type of types) expect(TYPE_NAMESPACES).toContain(type.split('/')[0]);
  });

  it('maps integrity and configuration findings under Effects and Software and Configuration Checks', () => {
    // Prepare
    const damaged = makeAlert({
      category: 'integrity',
      ruleId: 'log-file-damaged',
      tags: [],
      principal: undefined,
      resources: undefined,
      sourceIPAddress: undefined,
      eventName: undefined,
      eventSource: undefined,
      incidentId: 'c0c1c2c3c4c5c6c7c8c9cacbcccdcecf',
    });
    const configuration = makeAlert({ category: 'configuration', ruleId: 'trail-not-multi-region', tags: [] });
    // Act
    const integrity = toAsffFinding(damaged, TARGET, NOW);
    const check = toAsffFinding(configuration, TARGET, NOW);
    // Assess
    expect(integrity).toMatchObject({
      Id: 'c0c1c2c3c4c5c6c7c8c9cacbcccdcecf',
      Types: ['Effects/Data Destruction'],
      Resources: [{ Type: 'AwsS3Bucket', Id: 'arn:aws:s3:::org-trail-logs' }],
    });
    expect(integrity.Action).toBeUndefined();
    expect(integrity.Network).toBeUndefined();
    expect(check.Types).toEqual(['Software and Configuration Checks/AWS Security Best Practices']);
  });

  it('names the account as the resource of an alert without ARNs, and a service caller as a domain', () => {
    // Act
    const finding = toAsffFinding(
      notification({ principal: 'AIDAEXAMPLE', resources: [], sourceIPAddress: 'AWS Internal' }),
      TARGET,
      NOW
    );
    // Assess
    expect(finding.Resources).toEqual([
      { Type: 'AwsAccount', Id: 'AWS::::Account:123456789012', Partition: 'aws', Region: 'us-east-1' },
    ]);
    expect(finding.Network).toBeUndefined();
    expect(finding.Action?.AwsApiCallAction).toMatchObject({
      CallerType: 'domain',
      DomainDetails: { Domain: 'AWS Internal' },
    });
  });

  it.each([
    ['arn:aws:iam::123456789012:user/alice', 'AwsIamUser'],
    ['arn:aws:iam::123456789012:role/Admin', 'AwsIamRole'],
    ['arn:aws:sts::123456789012:assumed-role/Admin/alice', 'AwsIamRole'],
    ['arn:aws:s3:::my-bucket', 'AwsS3Bucket'],
    ['arn:aws:s3:::my-bucket/key.txt', 'Other'],
    ['arn:aws:kms:us-east-1:123456789012:key/1234', 'Other'],
  ])('types %s as %s', (arn, type) => {
    // Act, Assess
    expect(resourceType(arn)).toBe(type);
  });

  it('cuts a long title and description to the ASFF limits', () => {
    // Act
    const finding = toAsffFinding(notification({ title: 't'.repeat(300), description: 'd'.repeat(2000) }), TARGET, NOW);
    // Assess
    expect(finding.Title).toHaveLength(256);
    expect(finding.Description).toHaveLength(1024);
  });

  it('refuses an alert that names no account when none is given', () => {
    // Act, Assess
    expect(() => toAsffFinding(makeAlert({ account: undefined }), { region: 'us-east-1' }, NOW)).toThrow(
      /names no 12-digit account/
    );
  });
});
