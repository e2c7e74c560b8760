import { describe, expect, it } from 'vitest';
import { compileDefinition } from '../../../lib/rules/engine/compile-rule.js';
import { DistinctValues } from '../../../lib/rules/engine/distinct-values.js';
import { RecordAccess } from '../../../lib/rules/engine/record-access.js';
import { rawView } from '../../helpers/raw-view.js';

/** The compiled `threshold.distinct` of a rule counting `paths`. */
const distinctOf = (paths: string | string[]) => {
  const rule = compileDefinition({
    id: 'distinct-probe',
    title: 'Distinct probe',
    description: 'Counts distinct values.',
    severity: 'low',
    tags: [],
    references: [],
    eventSource: 's3.amazonaws.com',
    eventNames: ['GetObject'],
    threshold: { count: 2, window: '5m', distinct: paths },
  });
  const distinct = rule.threshold?.distinct;
  if (!distinct) throw new Error('no distinct');
  return distinct;
};

/** Request parameters written as raw JSON text, so equal values can be spelt differently. */
const RAW_PARAMETERS = [
  '{"bucketName":"b","key":"a/b.json"}',
  '{"bucketName":"b","key":"a\\/b.json"}',
  '{"bucketName":"b","key":"caf\\u00e9"}',
  '{"bucketName":"b","key":"café"}',
  '{"bucketName":"b","key":"café "}',
  '{"bucketName":"b","key":5}',
  '{"bucketName":"b","key":"5"}',
  '{"bucketName":"b","key":true}',
  '{"bucketName":"b","key":"true"}',
  '{"bucketName":"b","key":["x",1]}',
  '{"bucketName":"b","key":"[\\"x\\",1]"}',
  '{"bucketName":"b","key":{"k":"v"}}',
  '{"bucketName":"b","key":null}',
  '{"bucketName":"b"}',
  '{"bucketName":"b\\u0000c","key":"d"}',
  '{"bucketName":"b","key":"c\\u0000d"}',
  '{"bucketName":"b","key":""}',
  '{"bucketName":"","key":"b"}',
  '{"bucketName":"b","key":"tab\\there"}',
  '{"key":"a/b.json","bucketName":"b"}',
  '{"bucketName":"b","key":"\\ud83d\\ude00"}',
  '{"bucketName":"b","key":"😀"}',
  '"not an object"',
];

const recordText = (parameters: string): string =>
  `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/u"},"eventTime":"2026-01-02T03:04:05Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","requestParameters":${parameters},"eventID":"e"}`;

describe('threshold.distinct id', () => {
  it.each([[['requestParameters.bucketName', 'requestParameters.key']], [['requestParameters.key']]])(
    'numbers two matches of %j alike exactly when their counted texts are equal, however the bytes spell them',
    (paths) => {
      // Prepare
      const distinct = distinctOf(paths);
      const values = new DistinctValues();
      const access = new RecordAccess();
      const texts: (string | undefined)[] = [];
      const ids: number[] = [];
      // Act
      for (const parameters of [...RAW_PARAMETERS, ...RAW_PARAMETERS.slice().reverse()]) {
        access.reset(rawView(recordText(parameters)));
        texts.push(distinct.value(access));
        access.reset(rawView(recordText(parameters)));
        ids.push(distinct.id(access, values));
      }
      // Assess
      for (let a = 0; a < texts.length; a++) {
        expect(ids[a] === -1, `absent ${texts[a]}`).toBe(texts[a] === undefined);
        for (let b = 0; b < texts.length; b++)
          if (texts[a] !== undefined && texts[b] !== undefined)
            expect(ids[a] === ids[b], `${JSON.stringify(texts[a])} vs ${JSON.stringify(texts[b])}`).toBe(
              texts[a] === texts[b]
            );
      }
      expect(values.size).toBe(new Set(texts.filter((t) => t !== undefined)).size);
    }
  );

  it('counts head fields and parsed records as their values', () => {
    // Prepare
    const distinct = distinctOf('eventName');
    const values = new DistinctValues();
    const access = new RecordAccess();
    const names = ['GetObject', 'ListBuckets', 'GetObject', 'DescribeInstances', 'ListBuckets'];
    // Act
    const ids = names.map((name) => {
      access.reset(rawView(recordText('{}').replace('"GetObject"', JSON.stringify(name))));
      if (name === 'ListBuckets') access.record();
      return distinct.id(access, values);
    });
    // Assess
    expect(ids).toEqual([0, 1, 0, 2, 1]);
  });

  it('counts a head field by its text and an absent one as no value, on raw and parsed records', () => {
    // Prepare
    const byArn = distinctOf('userIdentity.arn');
    const byReadOnly = distinctOf('readOnly');
    const arns = new DistinctValues();
    const readOnlys = new DistinctValues();
    const access = new RecordAccess();
    const texts = [
      '{"userIdentity":{"arn":"a"},"readOnly":true}',
      '{"userIdentity":{"type":"Root"},"readOnly":false}',
      '{"userIdentity":{"arn":"b"}}',
      '{"userIdentity":{"arn":"a"},"readOnly":"true"}',
    ];
    // Act
    const ids = [false, true].flatMap((parse) =>
      texts.map((text) => {
        access.reset(rawView(text));
        if (parse) access.record();
        return [byArn.id(access, arns), byReadOnly.id(access, readOnlys)];
      })
    );
    // Assess: the boolean true and the text "true" count as one value, as their texts are equal
    const expected = [
      [0, 0],
      [-1, 1],
      [1, -1],
      [0, 0],
    ];
    expect(ids).toEqual([...expected, ...expected]);
  });

  it('reads a plain string from the raw bytes without parsing the record', () => {
    // Prepare
    const distinct = distinctOf(['requestParameters.bucketName', 'requestParameters.key']);
    const counter = { parses: 0 };
    const access = new RecordAccess();
    // Act
    access.reset(rawView(recordText('{"bucketName":"b","key":"k"}'), counter));
    const id = distinct.id(access, new DistinctValues());
    // Assess
    expect(id).toBe(0);
    expect(counter.parses).toBe(0);
    expect(access.parsed).toBe(false);
  });
});

describe('DistinctValues', () => {
  it('keeps one number per distinct value through many values and table growth', () => {
    // Prepare
    const values = new DistinctValues();
    const units = new Uint16Array(64);
    const idOf = (text: string): number => {
      for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
      return values.idOf(units, text.length);
    };
    const texts = Array.from({ length: 5000 }, (_, i) => `objects/${(i * 7919) % 5000}.json`);
    // Act
    const first = texts.map(idOf);
    const again = texts.map(idOf);
    // Assess
    expect(values.size).toBe(5000);
    expect(new Set(first).size).toBe(5000);
    expect(again).toEqual(first);
    expect(idOf('')).toBe(5000);
    expect(idOf('')).toBe(5000);
  });
});
