import { describe, expect, it } from 'vitest';
import type { RecordView } from '../../../lib/cloudtrail/record-view.js';
import { RecordSplitter } from '../../../lib/cloudtrail/split-records.js';
import { parseFieldPath, resolvePath } from '../../../lib/rules/engine/field-path.js';
import { findKey, ObjectMembers } from '../../../lib/rules/engine/raw-json.js';
import { RecordAccess } from '../../../lib/rules/engine/record-access.js';
import {
  IDENTITY_ACCESS_KEY,
  IDENTITY_ACCOUNT,
  IDENTITY_ARN,
  IDENTITY_INVOKED_BY,
  IDENTITY_TYPE,
  member,
} from '../../../lib/rules/engine/record-helpers.js';
import { someRecords } from '../../helpers/log-files.js';

import { rawView } from '../../helpers/raw-view.js';

const TRICKY = `{ "eventVersion" : "1.08", "userIdentity": {"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/r/s\\"x","sessionContext":{"sessionIssuer":{"type":"Role"},"attributes":{"mfaAuthenticated":"false"}}},
  "eventTime":"2026-01-02T03:04:05Z","eventSource":"s3.amazonaws.com","eventName":"PutObject","weird\\u0041key":[1,{"a":"}"}],
  "userAgent":"caf\\u00e9 \\\\ agent","requestParameters":{"bucketName":"b","nested":[{"k":"v1"},{"k":"v2"}],"n":-1.5e2,"t":true,"f":false,"z":null,"s":"ünï"},
  "responseElements":null,"resources":[{"ARN":"arn:aws:s3:::b/k","type":"AWS::S3::Object"},{"ARN":"arn:aws:s3:::b"}],"eventID":"e1"}`;

const PATHS = [
  'userIdentity',
  'userIdentity.type',
  'userIdentity.arn',
  'userIdentity.invokedBy',
  'userIdentity.sessionContext.sessionIssuer.type',
  'userIdentity.sessionContext.attributes',
  'weirdAkey',
  'userAgent',
  'requestParameters.nested.k',
  'requestParameters.nested.1.k',
  'requestParameters.n',
  'requestParameters.t',
  'requestParameters.f',
  'requestParameters.z',
  'requestParameters.s',
  'requestParameters.missing.deeper',
  'responseElements',
  'responseElements.x',
  'resources.ARN',
  'resources.0.type',
  'eventName',
  'nothing',
];

describe('RecordAccess', () => {
  it.each(PATHS)('reads %s from raw bytes exactly as from the parsed record, without parsing it', (path) => {
    // Prepare
    const counter = { parses: 0 };
    const access = new RecordAccess();
    access.reset(rawView(TRICKY, counter));
    // Act
    const value = access.path(parseFieldPath(path));
    // Assess
    expect(value).toEqual(resolvePath(JSON.parse(TRICKY), parseFieldPath(path)));
    expect(counter.parses).toBe(0);
  });

  it('agrees with JSON.parse on every field of generated records', () => {
    // Prepare
    const records = someRecords(300, 11);
    const access = new RecordAccess();
    const mismatches: string[] = [];
    // Act
    for (const record of records) {
      access.reset(rawView(JSON.stringify(record)));
      for (const key of Object.keys(record)) {
        if (JSON.stringify(access.field(key)) !== JSON.stringify((record as Record<string, unknown>)[key]))
          mismatches.push(`${record.eventID}:${key}`);
      }
    }
    // Assess
    expect(mismatches).toEqual([]);
  });

  it("reads the helpers' userIdentity head paths through member as RecordAccess.member reads any path, on records with and without raw bytes", () => {
    // Prepare: generated records, and members absent, null, of another type, or no userIdentity at all
    const texts = [
      ...someRecords(200, 12).map((r) => JSON.stringify(r)),
      '{"eventName":"A","userIdentity":{"type":"IAMUser","invokedBy":7,"accessKeyId":null}}',
      '{"eventName":"B","userIdentity":{"arn":"arn:aws:iam::111122223333:user/a","accountId":"111122223333"}}',
      '{"eventName":"C"}',
    ];
    const paths = [IDENTITY_TYPE, IDENTITY_ARN, IDENTITY_INVOKED_BY, IDENTITY_ACCOUNT, IDENTITY_ACCESS_KEY];
    const access = new RecordAccess();
    const seen: unknown[] = [];
    const expected: unknown[] = [];
    // Act
    for (const text of texts)
      for (const view of [rawView(text), { ...rawView(text), bytes: undefined }]) {
        access.reset(view as RecordView);
        for (const path of paths) {
          seen.push(member(access.fields(), path));
          // A copy of the path: the same read without the helpers' named reads.
          expected.push(access.member([...path]));
        }
      }
    // Assess
    expect(seen).toEqual(expected);
    expect(seen.filter((v) => v !== undefined).length).toBeGreaterThan(texts.length);
  });

  it('falls back to the full parse, and its error, when a value is not valid JSON', () => {
    // Prepare
    const access = new RecordAccess();
    const bytes = Buffer.from('{"eventName":"X","requestParameters":{"a":tru}}');
    access.reset({
      head: { eventName: 'X' },
      index: 3,
      offset: 0,
      record: () => JSON.parse(bytes.toString()),
      bytes: () => bytes,
    } as RecordView);
    // Act
    const reading = () => access.path(['requestParameters', 'a']);
    // Assess
    expect(reading).toThrow(SyntaxError);
  });

  it('gives a lazy record whose fields decode on first read and that spreads like the record', () => {
    // Prepare
    const counter = { parses: 0 };
    const access = new RecordAccess();
    access.reset(rawView(TRICKY, counter));
    // Act
    const lazy = access.lazy();
    const type = lazy.userIdentity?.type;
    const before = counter.parses;
    const spread = { ...lazy };
    // Assess
    expect([type, before]).toEqual(['AssumedRole', 0]);
    expect(spread).toEqual(JSON.parse(TRICKY));
  });

  it('gives a property-read record whose every field, listed or not, reads as the parsed record, without parsing it', () => {
    // Prepare
    const counter = { parses: 0 };
    const access = new RecordAccess();
    access.reset(rawView(TRICKY, counter));
    const parsed = JSON.parse(TRICKY) as Record<string, unknown>;
    const names = [...Object.keys(parsed), 'vpcEndpointId', 'eventId', 'notAField'];
    // Act
    const fields = access.fields() as unknown as Record<string, unknown>;
    const read = names.map((name) => fields[name]);
    // Assess
    expect(read).toEqual(names.map((name) => parsed[name]));
    expect(member(access.fields(), ['userIdentity', 'sessionContext', 'attributes', 'mfaAuthenticated'])).toBe('false');
    expect(counter.parses).toBe(0);
  });

  it('points the property-read record at the record of the latest reset', () => {
    // Prepare
    const access = new RecordAccess();
    const fields = access.fields();
    access.reset(rawView('{"eventName":"First","requestParameters":{"a":1}}'));
    const first = [fields.eventName, fields.requestParameters];
    // Act
    access.reset(rawView('{"eventName":"Second","requestParameters":{"a":2}}'));
    // Assess
    expect([first, [fields.eventName, fields.requestParameters]]).toEqual([
      ['First', { a: 1 }],
      ['Second', { a: 2 }],
    ]);
  });

  it('reads every path on one record in any order, absent fields as often as asked, as from the parsed record', () => {
    // Prepare
    const counter = { parses: 0 };
    const access = new RecordAccess();
    access.reset(rawView(TRICKY, counter));
    const order = [...PATHS, ...[...PATHS].reverse(), 'nothing', 'eventVersion', 'nothing'];
    // Act
    const values = order.map((path) => access.path(parseFieldPath(path)));
    // Assess
    expect(values).toEqual(order.map((path) => resolvePath(JSON.parse(TRICKY), parseFieldPath(path))));
    expect(counter.parses).toBe(0);
  });

  it('reads top-level fields of each record anew when one accessor moves from record to record', () => {
    // Prepare: fields decoded on one record, absent or other on the next
    const texts = [
      '{"eventVersion":"1.08","requestParameters":{"a":1},"resources":[{"ARN":"x"}],"vpcEndpointId":"vpce-1"}',
      '{"eventVersion":"1.08","resources":[{"ARN":"y"}]}',
      '{"eventVersion":"1.08","vpcEndpointId":"vpce-2","requestParameters":{"a":2}}',
      '{"eventVersion":"1.08"}',
    ];
    const paths = ['requestParameters', 'resources', 'vpcEndpointId', 'resources.ARN', 'requestParameters.a'];
    const access = new RecordAccess();
    const counter = { parses: 0 };
    // Act
    const values = texts.map((text) => {
      access.reset(rawView(text, counter));
      return paths.map((path) => [access.path(parseFieldPath(path)), access.field(path.split('.')[0] as string)]);
    });
    // Assess
    expect(values).toEqual(
      texts.map((text) =>
        paths.map((path) => [
          resolvePath(JSON.parse(text), parseFieldPath(path)),
          (JSON.parse(text) as Record<string, unknown>)[path.split('.')[0] as string],
        ])
      )
    );
    expect(counter.parses).toBe(0);
  });

  it('reads userIdentity members of each record anew when one accessor moves from record to record', () => {
    // Prepare: the same members at other places, present in one record and absent in the next
    const texts = [
      '{"userIdentity":{"inScopeOf":{"issuerType":"AWS::Lambda::Function"},"sessionContext":{"ec2RoleDelivery":"2.0"}}}',
      '{"eventVersion":"1.08","eventID":"b","userIdentity":{"type":"AssumedRole","sessionContext":{"attributes":{}},"inScopeOf":{"issuerType":"AWS::ECS::Task"}}}',
      '{"eventVersion":"1.08","userIdentity":{"sessionContext":{"attributes":{}},"type":"IAMUser"},"eventID":"c"}',
    ];
    const paths = [
      'userIdentity.inScopeOf.issuerType',
      'userIdentity.sessionContext.ec2RoleDelivery',
      'userIdentity.inScopeOf',
    ];
    const access = new RecordAccess();
    const counter = { parses: 0 };
    // Act
    const values = texts.map((text) => {
      access.reset(rawView(text, counter));
      return paths.map((path) => [access.path(parseFieldPath(path)), access.member(parseFieldPath(path))]);
    });
    // Assess
    expect(values).toEqual(
      texts.map((text) =>
        paths.map((path) => {
          const value = resolvePath(JSON.parse(text), parseFieldPath(path));
          return [value, value];
        })
      )
    );
    expect(counter.parses).toBe(0);
  });

  it('reads requestParameters members of each record anew when one accessor moves from record to record', () => {
    // Prepare: the same members at other places, present in one record and absent in the next
    const texts = [
      '{"eventVersion":"1.08","requestParameters":{"bucketName":"first","key":"a/1.json"}}',
      '{"requestParameters":{"Host":"h","key":"b/2.json","bucketName":"second"},"eventID":"b"}',
      '{"eventVersion":"1.08","requestParameters":{"policy":{"key":"nested"}},"eventID":"c"}',
      '{"eventVersion":"1.08","requestParameters":null}',
    ];
    const paths = ['requestParameters.key', 'requestParameters.bucketName', 'requestParameters.policy.key'];
    const access = new RecordAccess();
    const counter = { parses: 0 };
    // Act
    const values = texts.map((text) => {
      access.reset(rawView(text, counter));
      return [...paths, ...[...paths].reverse()].map((path) => [
        access.path(parseFieldPath(path)),
        access.member(parseFieldPath(path)),
      ]);
    });
    // Assess
    expect(values).toEqual(
      texts.map((text) =>
        [...paths, ...[...paths].reverse()].map((path) => {
          const value = resolvePath(JSON.parse(text), parseFieldPath(path));
          return [value, value];
        })
      )
    );
    expect(counter.parses).toBe(0);
  });

  it.each([
    'userIdentity.type',
    'userIdentity.arn',
    'userIdentity.invokedBy',
    'userIdentity.sessionContext.sessionIssuer.type',
    'userIdentity.sessionContext.attributes',
    'userIdentity.sessionContext.missing.deeper',
    'requestParameters.nested',
    'requestParameters.nested.k',
    'requestParameters.s',
    'requestParameters.bucketName.length',
    'responseElements.x',
    'resources.ARN',
    'nothing.at.all',
  ])('reads %s as a chain of property reads (member), without parsing the record', (path) => {
    // Prepare
    const counter = { parses: 0 };
    const access = new RecordAccess();
    access.reset(rawView(TRICKY, counter));
    const segments = parseFieldPath(path);
    const chained = segments.reduce<unknown>(
      (value, segment) =>
        value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[segment] : undefined,
      JSON.parse(TRICKY)
    );
    // Act
    const direct = access.member(segments);
    const throughLazy = member(access.lazy(), segments);
    const onParsed = member(JSON.parse(TRICKY), segments);
    // Assess
    expect([direct, throughLazy, onParsed]).toEqual([chained, chained, chained]);
    expect(counter.parses).toBe(0);
  });

  it('finds the members of an object as findKey does, in any order and for absent keys', () => {
    // Prepare
    const bytes = Buffer.from(TRICKY);
    const keys = [...Object.keys(JSON.parse(TRICKY)), 'weird\\u0041key', 'absent', 'eventID', 'eventVersion'];
    const members = new ObjectMembers();
    members.reset(bytes, 0);
    // Act
    const found = [...keys, ...[...keys].reverse()].map((key) => members.find(key));
    members.reset(Buffer.from('[1,2]'), 0);
    const inArray = members.find('a');
    // Assess
    expect(found).toEqual([...keys, ...[...keys].reverse()].map((key) => findKey(bytes, 0, key)));
    expect(found.filter((at) => at >= 0).length).toBeGreaterThan(10);
    expect(inArray).toBe(-1);
  });

  it('reads userIdentity and sessionContext members where the reader noted them, as a walk of the bytes reads them', () => {
    // Prepare: the reader's views (which note places) and plain views of the same bytes (which walk)
    const texts = [
      ...someRecords(200, 4).map((r) => JSON.stringify(r)),
      '{"userIdentity":{"type":"AssumedRole","sessionContext":{"sessionIssuer":{"arn":"a"},"ec2RoleDelivery":"2.0"}}}',
      '{"userIdentity":{"inScopeOf":{"issuerType":"AWS::Lambda::Function"},"principalId":"AROA:x","userName":"u"}}',
      '{"userIdentity":{"type":"A"},"userIdentity":{"sessionContext":{"ec2RoleDelivery":"2.0"}}}',
      '{"userIdentity":[{"inScopeOf":{"issuerType":"AWS::ECS::Task"}},{"sessionContext":{"ec2RoleDelivery":"1.0"}}]}',
      '{"userIdentity":{"sessionContext":{},"sessionContext":{"ec2RoleDelivery":"2.0"}}}',
      '{"userIdentity":{"sessionContext":[{"ec2RoleDelivery":"2.0"},{"sessionIssuer":{"arn":"b"}}]}}',
      '{"userIdentity":"not an object"}',
      '{"eventName":"NoIdentity"}',
    ];
    const paths = [
      'userIdentity.sessionContext',
      'userIdentity.sessionContext.ec2RoleDelivery',
      'userIdentity.sessionContext.sessionIssuer.arn',
      'userIdentity.sessionContext.attributes.mfaAuthenticated',
      'userIdentity.inScopeOf.issuerType',
      'userIdentity.principalId',
      'userIdentity.userName',
      'userIdentity.missing',
    ].map(parseFieldPath);
    const views: RecordView[] = [];
    const splitter = new RecordSplitter(
      (v) => views.push(v),
      () => {},
      { engine: 'wasm' }
    );
    splitter.push(Buffer.from(`{"Records":[${texts.join(',')}]}`));
    splitter.end();
    const counter = { parses: 0 };
    const located = new RecordAccess();
    const walked = new RecordAccess();
    const read = (access: RecordAccess) =>
      paths.map((path) => [
        access.path(path),
        access.member(path),
        access.stringEquals(path, ['2.0', 'AWS::Lambda::Function', 'a']),
      ]);
    // Act
    const results = views.map((view, i) => {
      located.reset(view);
      walked.reset(rawView(texts[i] as string, counter));
      return { located: read(located), walked: read(walked) };
    });
    // Assess
    expect(views).toHaveLength(texts.length);
    expect(results.filter((r) => JSON.stringify(r.located) !== JSON.stringify(r.walked))).toEqual([]);
    expect(results.map((r) => r.located[1]?.[0]).filter((v) => v === '2.0')).toHaveLength(1);
    expect(counter.parses).toBe(0);
  });
});
