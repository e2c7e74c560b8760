import { describe, expect, it } from 'vitest';
import { toOcsfFinding } from '../../lib/alerts/to-ocsf-finding.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import { makeAlert } from './make-alert.js';

const sample: CloudTrailRecord = {
  eventVersion: '1.08',
  eventTime: '2024-05-01T10:00:00Z',
  eventSource: 'cloudtrail.amazonaws.com',
  eventName: 'StopLogging',
  awsRegion: 'us-east-1',
  sourceIPAddress: '198.51.100.7',
  requestID: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
  eventID: '6b0b7a3c-1111-4e5f-9a0b-000000000001',
  userIdentity: {
    type: 'IAMUser',
    principalId: 'AIDAEXAMPLE',
    arn: 'arn:aws:iam::123456789012:user/alice',
    accountId: '123456789012',
    accessKeyId: 'AKIAEXAMPLE',
    userName: 'alice',
  },
} as CloudTrailRecord;

describe('toOcsfFinding', () => {
  it('maps an alert to a Detection Finding with the required OCSF attributes', () => {
    // Act
    const finding = toOcsfFinding(
      makeAlert({ accountName: 'prod', sample, count: 3, firstSeen: '2024-05-01T09:00:00Z' })
    );
    // Assess
    expect(finding).toMatchObject({
      class_uid: 2004,
      category_uid: 2,
      activity_id: 1,
      type_uid: 200401,
      severity_id: 4,
      severity: 'High',
      status_id: 1,
      count: 3,
      time: Date.parse('2024-05-01T10:00:00Z'),
      start_time: Date.parse('2024-05-01T09:00:00Z'),
      metadata: {
        version: '1.3.0',
        uid: 'cloudtrail-logging-stopped-0f1e2d3c4b5a6978',
        product: { name: 'trailwatch' },
      },
      finding_info: {
        uid: 'cloudtrail-logging-stopped-0f1e2d3c4b5a6978',
        title: 'CloudTrail logging stopped',
        desc: 'A trail was stopped, often the first step in covering tracks.',
        types: ['CloudTrail Detection'],
        first_seen_time: Date.parse('2024-05-01T09:00:00Z'),
        last_seen_time: Date.parse('2024-05-01T10:00:00Z'),
        analytic: { uid: 'cloudtrail-logging-stopped', type_id: 1, type: 'Rule' },
        attacks: [
          {
            tactic: { uid: 'TA0005', name: 'Defense Evasion' },
            technique: { uid: 'T1562' },
            sub_technique: { uid: 'T1562.008' },
          },
        ],
        related_events: [{ uid: '6b0b7a3c-1111-4e5f-9a0b-000000000001' }],
      },
      cloud: { provider: 'AWS', region: 'us-east-1', account: { uid: '123456789012', name: 'prod', type_id: 10 } },
      actor: {
        user: {
          uid: 'arn:aws:iam::123456789012:user/alice',
          name: 'alice',
          type: 'IAMUser',
          type_id: 1,
          credential_uid: 'AKIAEXAMPLE',
        },
      },
      resources: [
        {
          uid: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/management',
          name: 'management',
          type: 'cloudtrail:trail',
          region: 'us-east-1',
          cloud_partition: 'aws',
        },
      ],
      evidences: [
        {
          api: {
            operation: 'StopLogging',
            service: { name: 'cloudtrail.amazonaws.com' },
            request: { uid: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111' },
          },
          src_endpoint: { ip: '198.51.100.7' },
        },
      ],
      unmapped: { category: 'detection' },
    });
  });

  it.each([
    ['info', 1, 'Informational'],
    ['low', 2, 'Low'],
    ['medium', 3, 'Medium'],
    ['high', 4, 'High'],
    ['critical', 5, 'Critical'],
  ] as const)('maps severity %s to severity_id %i', (severity, id, caption) => {
    // Act
    const finding = toOcsfFinding(makeAlert({ severity }));
    // Assess
    expect([finding.severity_id, finding.severity]).toEqual([id, caption]);
  });

  it.each([
    ['integrity', 'CloudTrail Integrity Finding'],
    ['insight', 'CloudTrail Insight'],
    ['configuration', 'CloudTrail Configuration Finding'],
  ] as const)('types a %s alert as %s', (category, type) => {
    // Act
    const finding = toOcsfFinding(makeAlert({ category }));
    // Assess
    expect(finding.finding_info.types).toEqual([type]);
  });

  it('lists tactics alone when the tags name no technique, and omits what is unknown', () => {
    // Act
    const finding = toOcsfFinding(
      makeAlert({
        tags: ['attack.persistence', 'attack.privilege-escalation', 'cis.3.5'],
        principal: undefined,
        resources: [],
        account: undefined,
      })
    );
    // Assess
    expect(finding.finding_info.attacks).toEqual([
      { tactic: { uid: 'TA0003', name: 'Persistence' } },
      { tactic: { uid: 'TA0004', name: 'Privilege Escalation' } },
    ]);
    expect(finding.actor).toBeUndefined();
    expect(finding.resources).toBeUndefined();
    expect(finding.cloud).toEqual({ provider: 'AWS', region: 'us-east-1' });
  });

  it('maps an incident opening to Create and an escalation to Update of the same finding uid', () => {
    // Prepare
    const incidentId = 'f'.repeat(32);
    const opened = makeAlert({ id: 'a'.repeat(32), incidentId, lifecycle: 'opened', escalation: 0 });
    const escalated = makeAlert({ id: 'b'.repeat(32), incidentId, lifecycle: 'escalated', escalation: 100 });
    // Act
    const [create, update] = [toOcsfFinding(opened), toOcsfFinding(escalated)];
    // Assess
    expect([create, update].map((f) => [f.activity_id, f.type_uid, f.finding_info.uid, f.metadata.uid])).toEqual([
      [1, 200401, incidentId, 'a'.repeat(32)],
      [2, 200402, incidentId, 'b'.repeat(32)],
    ]);
    expect(update.unmapped).toMatchObject({ lifecycle: 'escalated', escalation: 100 });
  });

  it('maps the same alert to the same finding', () => {
    // Act
    const twice = [toOcsfFinding(makeAlert()), toOcsfFinding(makeAlert())].map((f) => JSON.stringify(f));
    // Assess
    expect(twice[0]).toBe(twice[1]);
  });
});

describe('toOcsfFinding without a sample record', () => {
  it.each([
    ['arn:aws:iam::123456789012:root', 'Root', 2],
    ['arn:aws:iam::123456789012:user/alice', 'IAMUser', 1],
    ['arn:aws:sts::123456789012:assumed-role/Admin/alice', 'AssumedRole', 99],
    ['arn:aws:s3:::not-a-principal', undefined, 0],
  ])('reads the user type of %s from the ARN', (principal, type, typeId) => {
    // Act
    const user = toOcsfFinding(makeAlert({ principal, accountName: 'prod' })).actor?.user;
    // Assess
    expect([user?.type, user?.type_id]).toEqual([type, typeId]);
  });
});
