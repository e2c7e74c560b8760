import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseCaseRecord, buildCaseRecords, missingAlwaysWrittenFields } from '../../../lib/rules/cases/case-records.js';
import { loadCasesFile, runCase } from '../../../lib/rules/cases/run-cases.js';
import { compiledBuiltinRules } from '../../../lib/rules/loading/load-rule-set.js';
import { spawnTrailwatch } from '../../helpers/spawn-trailwatch.js';

/** A complete StopLogging record, as the AWS CLI writes it. */
const complete = (): Record<string, unknown> => ({
  ...baseCaseRecord('raw'),
  eventSource: 'cloudtrail.amazonaws.com',
  eventName: 'StopLogging',
  requestParameters: { name: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events' },
});

const without = (record: Record<string, unknown>, ...fields: string[]) =>
  Object.fromEntries(Object.entries(record).filter(([k]) => !fields.includes(k)));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'raw-cases-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('missingAlwaysWrittenFields', () => {
  it('finds nothing missing in a complete API call', () => {
    expect(missingAlwaysWrittenFields(complete())).toEqual([]);
  });

  it('names the common fields and those the eventType adds, in order', () => {
    // Act
    const missing = missingAlwaysWrittenFields(without(complete(), 'userAgent', 'requestID', 'eventVersion'));
    // Assess
    expect(missing).toEqual(['eventVersion', 'userAgent', 'requestID']);
  });

  it('accepts null requestParameters and responseElements but not a null eventTime', () => {
    expect(missingAlwaysWrittenFields({ ...complete(), requestParameters: null, eventTime: null })).toEqual([
      'eventTime',
    ]);
  });

  it('asks no requestID of a console sign-in, and reports an unknown eventType', () => {
    // Prepare
    const signIn = { ...without(complete(), 'requestID'), eventType: 'AwsConsoleSignIn' };
    // Act, Assess
    expect(missingAlwaysWrittenFields(signIn)).toEqual([]);
    expect(missingAlwaysWrittenFields({ ...complete(), eventType: 'ApiCall' })).toEqual([
      expect.stringContaining("eventType 'ApiCall'"),
    ]);
  });
});

describe('network activity events', () => {
  it('ask no userAgent, requestParameters or responseElements, but every other field', () => {
    // Prepare: a call through a VPC endpoint, as CloudTrail records it for the endpoint's owner
    const vpce = {
      ...without(complete(), 'userAgent', 'requestParameters', 'responseElements', 'readOnly', 'managementEvent'),
      eventType: 'AwsVpceEvent',
      eventCategory: 'NetworkActivity',
      vpcEndpointId: 'vpce-0a1b2c3d4e5f60718',
      vpcEndpointAccountId: '111122223333',
    };
    // Act, Assess
    expect(missingAlwaysWrittenFields(vpce)).toEqual([]);
    expect(missingAlwaysWrittenFields(without(vpce, 'sourceIPAddress'))).toEqual(['sourceIPAddress']);
    expect(missingAlwaysWrittenFields({ ...vpce, eventType: 'AwsApiCall' })).toEqual([
      'userAgent',
      'requestParameters',
      'responseElements',
      'readOnly',
      'managementEvent',
    ]);
  });
});

describe('raw cases', () => {
  it('are refused at load with the file, the case name and the missing fields', async () => {
    // Prepare
    const file = join(dir, 'cloudtrail-logging-stopped.cases.json');
    const record = without(complete(), 'userAgent', 'readOnly');
    await writeFile(file, JSON.stringify([{ name: 'stopped by hand', expect: true, raw: true, record }]));
    // Act, Assess
    expect(() => loadCasesFile(file)).toThrow(
      `${file}: case 0: 'stopped by hand' is raw, so its record is complete as written, but lacks userAgent, readOnly`
    );
  });

  it('name the record of a multi-record case that lacks a field', async () => {
    // Prepare
    const file = join(dir, 'multi.cases.json');
    const records = [complete(), without(complete(), 'eventCategory')];
    await writeFile(file, JSON.stringify([{ name: 'two', expect: true, raw: true, records }]));
    // Act, Assess
    expect(() => loadCasesFile(file)).toThrow(
      "'two' is raw, so its record is complete as written, but record 1 lacks eventCategory"
    );
  });

  it('cannot take the "as" shortcut', async () => {
    // Prepare
    const file = join(dir, 'as.cases.json');
    await writeFile(
      file,
      JSON.stringify([{ name: 'as role', expect: true, raw: true, as: 'root', record: complete() }])
    );
    // Act, Assess
    expect(() => loadCasesFile(file)).toThrow(`'as role' is raw: give userIdentity in the record instead of "as"`);
  });

  it('are refused by the case runner too, when a case comes from code', async () => {
    // Prepare
    const rule = compiledBuiltinRules().find((r) => r.meta.id === 'cloudtrail-logging-stopped')!;
    const record = without(complete(), 'recipientAccountId');
    // Act, Assess
    await expect(runCase(rule, { name: 'from code', expect: true, raw: true, record })).rejects.toThrow(
      "'from code' is raw, so its record is complete as written, but lacks recipientAccountId"
    );
  });

  it('run exactly as written, nothing merged, and repeat with distinct eventIDs', () => {
    // Prepare
    const record = { ...complete(), userAgent: 'console.amazonaws.com' };
    // Act
    const records = buildCaseRecords('r', { name: 'n', expect: true, raw: true, record, repeat: { count: 3 } });
    // Assess
    expect(records[0]).toEqual(record);
    expect(new Set(records.map((r) => r.eventID)).size).toBe(3);
    expect(new Set(records.map((r) => r.requestID)).size).toBe(3);
    expect(records.map((r) => r.eventTime)).toEqual([
      '2026-01-02T03:04:05Z',
      '2026-01-02T03:04:15Z',
      '2026-01-02T03:04:25Z',
    ]);
  });

  it('make trailwatch rules test exit 1 naming the file, the case and the missing fields', async () => {
    // Act
    const { code, stdout, stderr } = await spawnTrailwatch(['rules', 'test', 'test/fixtures/rules/raw-incomplete']);
    // Assess
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr).toBe(
      "trailwatch rules: test/fixtures/rules/raw-incomplete/trail-stopped.cases.json: case 0: 'StopLogging written from memory' is raw, so its record is complete as written, but lacks userAgent, requestID, readOnly (fields CloudTrail always writes: eventVersion, userIdentity, eventTime, eventSource, eventName, awsRegion, sourceIPAddress, userAgent, requestParameters, responseElements, eventID, eventType, recipientAccountId, eventCategory; by eventType, lib/rules/cases/case-records.ts)\n"
    );
  });
});
