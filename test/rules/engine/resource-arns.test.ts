import { describe, expect, it } from 'vitest';
import { RecordAccess } from '../../../lib/rules/engine/record-access.js';
import { addResourceArns } from '../../../lib/rules/engine/resource-arns.js';
import { rawView } from '../../helpers/raw-view.js';

/** A record's JSON with `resources` written as given (raw JSON text, or left out). */
const recordText = (resources?: string): string =>
  `{"eventVersion":"1.09","eventTime":"2026-01-02T10:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser"${
    resources === undefined ? '' : `,"resources":${resources}`
  },"eventID":"e-1"}`;

/** The ARNs addResourceArns collects from a record with these raw `resources`. */
const arnsOf = (resources?: string): string[] => {
  const access = new RecordAccess();
  access.reset(rawView(recordText(resources)));
  const into = new Set<string>();
  addResourceArns(access, into);
  return [...into];
};

/** What decoding `resources` and reading each element's ARN gives (the alert groups' way). */
const decodedArnsOf = (resources?: string): string[] => {
  const access = new RecordAccess();
  access.reset(rawView(recordText(resources)));
  const value = access.field('resources');
  const into = new Set<string>();
  if (Array.isArray(value)) for (const r of value) if (typeof r?.ARN === 'string') into.add(r.ARN);
  return [...into];
};

const SHAPES: Array<[string, string | undefined, string[]]> = [
  [
    'one resource',
    '[{"accountId":"111122223333","type":"AWS::IAM::User","ARN":"arn:aws:iam::111122223333:user/a"}]',
    ['arn:aws:iam::111122223333:user/a'],
  ],
  ['two resources', '[{"ARN":"arn:a","accountId":"1"},{"type":"t","ARN":"arn:b"}]', ['arn:a', 'arn:b']],
  ['white space everywhere', '[ {\n "ARN" : "arn:a" ,\t"type":"t" } , { "type" : "x" } ]', ['arn:a']],
  ['an empty array and an empty object', '[{}]', []],
  ['no elements', '[ ]', []],
  ['the last of duplicate ARN keys, as JSON.parse keeps it', '[{"ARN":"first","ARN":"second"}]', ['second']],
  ['an escaped ARN', '[{"ARN":"arn:\\u0061\\"q\\""}]', ['arn:a"q"']],
  ['an escaped key', '[{"\\u0041RN":"arn:x"}]', ['arn:x']],
  ['an ARN that is no string', '[{"ARN":5},{"ARN":null},{"ARN":"arn:ok"}]', ['arn:ok']],
  ['nested values', '[{"ARN":"arn:a","tags":{"k":["v",1,true]}},{"ARN":"arn:b"}]', ['arn:a', 'arn:b']],
  ['elements that are no objects', '[null,"arn:no",["arn:no"],7,{"ARN":"arn:b"}]', ['arn:b']],
  ['non-ASCII characters', '[{"ARN":"arn:aws:s3:::bücher-😀"}]', ['arn:aws:s3:::bücher-😀']],
  ['a control character escaped in another member', '[{"note":"a\\tb","ARN":"arn:a"}]', ['arn:a']],
  ['null', 'null', []],
  ['an object, not an array', '{"ARN":"arn:a"}', []],
  ['a string', '"arn:a"', []],
  ['no resources at all', undefined, []],
];

describe('addResourceArns', () => {
  it.each(SHAPES)('collects the ARNs of %s as decoding the array does', (_name, resources, expected) => {
    // Act
    const arns = arnsOf(resources);
    // Assess
    expect(arns.sort()).toEqual(expected.sort());
    expect(arns.sort()).toEqual(decodedArnsOf(resources).sort());
  });

  it('reads a parsed record and one without raw bytes through its decoded fields', () => {
    // Prepare
    const text = recordText('[{"ARN":"arn:a"},{"ARN":"arn:b"}]');
    const parsed = new RecordAccess();
    parsed.reset(rawView(text));
    parsed.record();
    const plain = new RecordAccess();
    plain.reset({ ...rawView(text), bytes: undefined } as never);
    const arns = [new Set<string>(), new Set<string>()];
    // Act
    addResourceArns(parsed, arns[0] as Set<string>);
    addResourceArns(plain, arns[1] as Set<string>);
    // Assess
    expect(arns.map((s) => [...s].sort())).toEqual([
      ['arn:a', 'arn:b'],
      ['arn:a', 'arn:b'],
    ]);
  });
});
