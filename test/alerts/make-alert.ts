import type { Alert } from '../../lib/model/alert.js';

/** A StopLogging detection alert; tests change one field with `overrides`. */
export const makeAlert = (overrides: Partial<Alert> = {}): Alert => ({
  id: 'cloudtrail-logging-stopped-0f1e2d3c4b5a6978',
  category: 'detection',
  ruleId: 'cloudtrail-logging-stopped',
  title: 'CloudTrail logging stopped',
  description: 'A trail was stopped, often the first step in covering tracks.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.008'],
  account: '123456789012',
  region: 'us-east-1',
  principal: 'arn:aws:iam::123456789012:user/alice',
  sourceIPAddress: '198.51.100.7',
  eventSource: 'cloudtrail.amazonaws.com',
  eventName: 'StopLogging',
  resources: ['arn:aws:cloudtrail:us-east-1:123456789012:trail/management'],
  count: 1,
  firstSeen: '2024-05-01T10:00:00Z',
  lastSeen: '2024-05-01T10:00:00Z',
  eventIds: ['6b0b7a3c-1111-4e5f-9a0b-000000000001'],
  s3Key:
    'AWSLogs/123456789012/CloudTrail/us-east-1/2024/05/01/123456789012_CloudTrail_us-east-1_20240501T1005Z_abc.json.gz',
  bucket: 'org-trail-logs',
  ...overrides,
});

/** `n` distinct alerts, ids `alert-000`…, severities cycling low → critical. */
export const makeAlerts = (n: number, overrides: Partial<Alert> = {}): Alert[] =>
  Array.from({ length: n }, (_, i) =>
    makeAlert({
      id: `alert-${String(i).padStart(3, '0')}`,
      severity: (['low', 'medium', 'high', 'critical'] as const)[i % 4],
      ...overrides,
    })
  );
