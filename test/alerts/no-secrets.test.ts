import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAlert } from '../../lib/alerts/render-alert.js';
import { processLogStream } from '../../lib/ingest/process-log.js';
import type { Alert } from '../../lib/model/alert.js';
import { silentLog } from '../../lib/model/log.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import { REDACTED, SENSITIVE_FIELDS } from '../../lib/model/sensitive-fields.js';
import type { FileSummary } from '../../lib/model/summary.js';
import { loadRuleSet, RuleEngine } from '../../lib/rules/index.js';
import { runCli } from '../helpers/cli.js';
import { record } from '../rules/helpers.js';

const ACCOUNT = '111122223333';
const KEY = `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/01/02/${ACCOUNT}_CloudTrail_us-east-1_20260102T0310Z_SecretsInAlerts0.json.gz`;
const RULE = `id: secret-bearing-call
title: A call that carries a secret
severity: high
eventName: CarrySecret
`;
const DEDUP_RULE = `id: secret-dedup-call
title: A rule that groups by a secret
severity: low
eventName: GroupBySecret
dedup: [requestParameters.password, responseElements]
`;
const PARSE_RULE = `id: secret-parse-call
title: A rule that reads the request
severity: low
eventName: ParseSecret
match: { field: requestParameters.x, exists: true }
`;

const secretOf = (field: string): string => `s3cr3t-${field}-value-7f2c9e`;

/** A call carrying `field` in its request, deeper in its request, and in STS-style credentials. */
const carrying = (field: string, i: number): CloudTrailRecord =>
  record(
    {
      eventSource: 'sts.amazonaws.com',
      eventName: 'CarrySecret',
      userIdentity: {
        type: 'IAMUser',
        principalId: `AIDAEXAMPLE${i}`,
        arn: `arn:aws:iam::${ACCOUNT}:user/user-${i}`,
        accountId: ACCOUNT,
        accessKeyId: `AKIAEXAMPLE${i}`,
        userName: `user-${i}`,
      },
      requestParameters: { [field]: secretOf(field), settings: { items: [{ [field]: secretOf(field) }] } },
      responseElements: {
        credentials: {
          accessKeyId: `ASIAEXAMPLE${i}`,
          [field]: secretOf(field),
          expiration: 'Jan 2, 2026, 4:04:05 AM',
        },
      },
    },
    `secret/${field}`
  );

const RECORDS = SENSITIVE_FIELDS.map(carrying);
const eventIdOf = (field: string): string => RECORDS[SENSITIVE_FIELDS.indexOf(field as never)]?.eventID as string;

describe('no secrets in alerts', () => {
  let dir: string;
  let summary: FileSummary;
  let cli: { code: number; stdout: string; stderr: string };
  let engine: RuleEngine;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trailwatch-secrets-'));
    await mkdir(join(dir, 'rules'));
    await writeFile(join(dir, 'rules', 'secret-bearing-call.yml'), RULE);
    await writeFile(join(dir, 'rules', 'secret-dedup-call.yml'), DEDUP_RULE);
    await writeFile(join(dir, 'rules', 'secret-parse-call.yml'), PARSE_RULE);
    const logs = join(dir, 'logs', ...KEY.split('/').slice(0, -1));
    await mkdir(logs, { recursive: true });
    const logFile = gzipSync(JSON.stringify({ Records: RECORDS }));
    await writeFile(join(dir, 'logs', KEY), logFile);
    const ruleSet = loadRuleSet({ dirs: [join(dir, 'rules')], builtin: false });
    engine = new RuleEngine(ruleSet.rules, { suppressions: ruleSet.suppressions });
    summary = await processLogStream(
      Readable.from([logFile]),
      { bucket: 'trail-bucket', key: KEY },
      { detector: engine.detector, log: silentLog }
    );
    cli = await runCli(['detect', join(dir, 'logs'), '--rules', join(dir, 'rules'), '--format', 'jsonl']);
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('reads a log file that carries every secret in clear', async () => {
    // Assess: the input holds each secret, so their absence below is the redaction's doing
    const text = gunzipSync(await readFile(join(dir, 'logs', KEY))).toString('utf8');
    for (const field of SENSITIVE_FIELDS) expect(text).toContain(secretOf(field));
    expect(summary.alerts).toHaveLength(SENSITIVE_FIELDS.length);
    expect(cli.code).toBe(0);
  });

  it.each(SENSITIVE_FIELDS)(
    '%s reaches neither the summary, the native alert, the OCSF finding nor the JSONL',
    (field) => {
      // Prepare
      const secret = secretOf(field);
      const alert = summary.alerts.find((a) => a.eventIds.includes(eventIdOf(field))) as Alert;
      const printed = cli.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Alert)
        .find((a) => a.eventIds.includes(eventIdOf(field)));
      // Act
      const native = renderAlert('native')(alert);
      const ocsf = renderAlert('ocsf')(alert);
      // Assess
      expect(JSON.stringify(summary)).not.toContain(secret);
      expect(native).not.toContain(secret);
      expect(ocsf).not.toContain(secret);
      expect(cli.stdout).not.toContain(secret);
      expect(alert.sample?.requestParameters).toEqual({
        [field]: REDACTED,
        settings: { items: [{ [field]: REDACTED }] },
      });
      expect(printed?.sample?.responseElements).toMatchObject({
        credentials: { accessKeyId: expect.stringMatching(/^ASIA/), [field]: REDACTED },
      });
    }
  );

  it.each(SENSITIVE_FIELDS)(
    '%s stays out of the alerts of the one-record paths (EventBridge, CloudWatch Logs)',
    (field) => {
      // Act
      const alerts = engine.evaluateRecord(carrying(field, 0));
      // Assess
      expect(alerts).toHaveLength(1);
      expect(JSON.stringify(alerts)).not.toContain(secretOf(field));
    }
  );

  it('keeps secrets out of a dedup key built from sensitive fields', () => {
    // Prepare
    const grouped = record(
      {
        eventSource: 'iam.amazonaws.com',
        eventName: 'GroupBySecret',
        requestParameters: { password: 'hunter2-plain' },
        responseElements: { credentials: { sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE' } },
      },
      'dedup'
    );
    // Act
    const [alert] = engine.evaluateRecord(grouped);
    // Assess
    expect(alert?.details?.dedupKey).toBe('"[redacted]"|{"credentials":{"sessionToken":"[redacted]"}}');
    expect(JSON.stringify(alert)).not.toMatch(/hunter2-plain|IQoJb3JpZ2luX2VjEXAMPLE/);
  });

  it('keeps the text of a record that is not valid JSON out of the summary', async () => {
    // Prepare: balanced and tokenised for the splitter, but `tru` is no JSON literal
    const broken = `{"Records":[{"eventVersion":"1.09","eventTime":"2026-01-02T03:04:05Z","eventSource":"sts.amazonaws.com","eventName":"ParseSecret","requestParameters":{"password":"hunter2-broken","x":tru}}]}`;
    // Act
    const damaged = await processLogStream(
      Readable.from([gzipSync(broken)]),
      { bucket: 'trail-bucket', key: KEY },
      { detector: engine.detector, log: silentLog }
    );
    // Assess
    expect(damaged.recordErrors).toEqual([expect.objectContaining({ reason: 'invalid-json', index: 0 })]);
    expect(JSON.stringify(damaged)).not.toContain('hunter2');
  });
});
