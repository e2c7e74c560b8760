import { describe, expect, it } from 'vitest';
import { JsonObjectSplitter, type SplitMode } from '../../../lib/cloudtrail/input-forms/json-object-splitter.js';

/** Feeds text in chunks of `size` bytes; the objects as text with their offsets, and the lines skipped. */
const feed = (text: string, mode: SplitMode, size: number) => {
  const out: Array<[string, number]> = [];
  const splitter = new JsonObjectSplitter(mode, (o) => out.push([o.bytes.toString('utf8'), o.offset]));
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) splitter.push(bytes.subarray(i, i + size));
  splitter.end();
  return { out, damaged: splitter.damagedLines };
};

/** Splits text fed in chunks of `size` bytes; returns the objects as text with their offsets. */
const split = (text: string, mode: SplitMode, size: number) => feed(text, mode, size).out;

const TRICKY = [
  '{"eventName":"PutBucketPolicy","requestParameters":{"policy":"{\\"Statement\\":[{\\"Effect\\":\\"Allow\\"}]}"}}',
  '{"eventName":"a\\\\","userAgent":"}{ ][ \\" \\\\\\""}',
  '{"eventName":"CreateUser","resources":[{"ARN":"arn:aws:iam::111122223333:user/é"}]}',
];

describe('JsonObjectSplitter', () => {
  it.each([1, 2, 3, 7, 64, 4096])(
    'splits concatenated objects in chunks of %i bytes, strings and escapes included',
    (size) => {
      // Prepare
      const text = `${TRICKY[0]}${TRICKY[1]}\n${TRICKY[2]}\r\n`;
      // Act
      const objects = split(text, { kind: 'concatenated' }, size);
      // Assess
      expect(objects.map(([o]) => JSON.parse(o))).toEqual(TRICKY.map((t) => JSON.parse(t)));
      expect(objects.map(([, offset]) => offset)).toEqual([0, TRICKY[0]?.length, text.indexOf(TRICKY[2] as string)]);
    }
  );

  it.each([1, 5, 4096])('hands out the elements of the array under a key in chunks of %i bytes', (size) => {
    // Prepare
    const text = `{\n  "Other": [{"x": 1}],\n  "Events": [\n    ${TRICKY.join(',\n    ')}\n  ],\n  "NextToken": "a]b}"\n}`;
    // Act
    const objects = split(text, { kind: 'array-at-key', key: 'Events' }, size);
    // Assess
    expect(objects.map(([o]) => o)).toEqual(TRICKY);
  });

  it.each([
    ['text between objects', '{"a":1} x {"b":2}', /unexpected 'x' outside an object/, 8],
    ['a comma between objects', '{"a":1},{"b":2}', /unexpected ','/, 7],
    ['a top-level array', '[{"a":1}]', /a top-level value is not an object/, 0],
    ['a cut-off object', '{"a":1}{"b":"x', /ends inside an object/, 7],
    ['unbalanced brackets', '{"a":[1}', /unexpected '}'/, 7],
  ])('fails on %s with the offset', (_name, text, message, offset) => {
    // Act
    const splitting = () => split(text, { kind: 'concatenated' }, 3);
    // Assess
    expect(splitting).toThrow(message);
    expect(splitting).toThrow(expect.objectContaining({ offset }));
  });

  /** Splits JSON lines in chunks of `size`; the objects' texts and what was skipped. */
  const splitLines = (text: string, size: number) => {
    const { out, damaged } = feed(text, { kind: 'concatenated' }, size);
    return { objects: out.map(([o]) => o), damaged };
  };

  it.each([1, 2, 5, 64, 4096])('skips only the broken lines of JSON lines, in chunks of %i bytes', (size) => {
    // Prepare: a line cut inside an object, one cut inside a string, one cut after a backslash,
    // a line of garbage, an unbalanced line, and a last line cut off without its newline.
    const good = ['{"eventName":"A"}', '{"eventName":"B","x":{"y":[1,2]}}', '{"eventName":"C"}', '{"eventName":"D"}'];
    const lines = [
      good[0],
      '{"eventName":"Cut","requestParameters":{"bucketName":"b"',
      good[1],
      '{"eventName":"Cut in a string","userAgent":"aws-cli/2',
      '{"eventName":"Cut after a backslash","userAgent":"a\\',
      'garbage',
      good[2],
      '{"eventName":"Unbalanced"]}',
      good[3],
      '{"eventName":"Last, cut',
    ];
    const text = lines.join('\n');
    // Act
    const { objects, damaged } = splitLines(text, size);
    // Assess
    expect(objects).toEqual(good);
    expect(damaged).toEqual({
      count: 6,
      line: 2,
      offset: (lines[0] as string).length + 1,
      message: 'the line ends inside an object',
    });
  });

  it('tells a line cut inside a string by its own message, when it is the first damage', () => {
    // Act
    const { objects, damaged } = splitLines('{"a":1}\r\n{"b":"x\r\n{"c":3}\r\n', 3);
    // Assess
    expect([objects, damaged]).toEqual([
      ['{"a":1}', '{"c":3}'],
      { count: 1, line: 2, offset: 9, message: 'the line ends inside a string' },
    ]);
  });

  it('takes a cut first line of JSON lines as damage, not as a pretty-printed object', () => {
    // Act
    const { objects, damaged } = splitLines('{"eventName":"Cut"\n{"eventName":"A"}\n', 4);
    // Assess
    expect([objects, damaged?.count, damaged?.line]).toEqual([['{"eventName":"A"}'], 1, 1]);
  });

  it('keeps pretty-printed objects whole: their newlines are not line ends', () => {
    // Prepare
    const objects = [{ eventName: 'A', userIdentity: { type: 'IAMUser' } }, { eventName: 'B' }];
    // Act
    const split = splitLines(objects.map((o) => JSON.stringify(o, null, 2)).join('\n'), 3);
    // Assess
    expect([split.objects.map((o) => JSON.parse(o)), split.damaged]).toEqual([objects, undefined]);
  });

  it('still ends pretty-printed objects at their first damage', () => {
    // Act
    const splitting = () => splitLines('{\n  "a": 1\n}\n{\n  "b": [1}\n}\n{"c":3}\n', 3);
    // Assess
    expect(splitting).toThrow(expect.objectContaining({ message: "unexpected '}'" }));
  });

  it('fails when the wanted array is not there', () => {
    // Act
    const splitting = () => split('{"Records":[]}', { kind: 'array-at-key', key: 'Events' }, 4);
    // Assess
    expect(splitting).toThrow("no 'Events' array at the top");
  });

  it('fails on an element that is not an object', () => {
    // Act
    const splitting = () => split('{"Events":[{"a":1}, 2]}', { kind: 'array-at-key', key: 'Events' }, 4);
    // Assess
    expect(splitting).toThrow("an element of 'Events' is not an object");
  });
});
