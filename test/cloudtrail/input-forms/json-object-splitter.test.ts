import { describe, expect, it } from 'vitest';
import { JsonObjectSplitter, type SplitMode } from '../../../lib/cloudtrail/input-forms/json-object-splitter.js';

/** Splits text fed in chunks of `size` bytes; returns the objects as text with their offsets. */
const split = (text: string, mode: SplitMode, size: number) => {
  const out: Array<[string, number]> = [];
  const splitter = new JsonObjectSplitter(mode, (o) => out.push([o.bytes.toString('utf8'), o.offset]));
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) splitter.push(bytes.subarray(i, i + size));
  splitter.end();
  return out;
};

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
