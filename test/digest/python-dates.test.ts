import { describe, expect, it } from 'vitest';
import { formatCompactDate, formatDisplayDate, parseCliDate } from '../../lib/digest/core/python-dates.js';

describe('parseCliDate', () => {
  it.each([
    ['2015-01-08T05:21:42Z', '2015-01-08T05:21:42Z'],
    ['20140810T000000Z', '2014-08-10T00:00:00Z'],
    ['2015-01-01', '2015-01-01T00:00:00Z'],
    ['2015-01-01 10:20', '2015-01-01T10:20:00Z'],
    ['2026-01-10T02:00:00+02:00', '2026-01-10T02:00:00Z'],
    ['2026-01-10T02:00:00.123456Z', '2026-01-10T02:00:00Z'],
    ['August 25, 2015 00:00:00 UTC', '2015-08-25T00:00:00Z'],
  ])('reads %s as %s (offsets replaced, not applied)', (text, expected) => {
    expect(formatDisplayDate(parseCliDate(text))).toBe(expected);
  });

  it.each([
    ['yesterday', 'Unable to parse date value: yesterday'],
    ['2015-02-30', 'Unable to parse date value: 2015-02-30'],
    [null, 'Parser must be a string or character stream, not NoneType'],
    [5, 'Parser must be a string or character stream, not int'],
  ])('rejects %s with the CLI message', (value, message) => {
    expect(() => parseCliDate(value)).toThrow(message);
  });

  it('formats digest key times', () => {
    expect(formatCompactDate(new Date('2023-10-15T23:04:04Z'))).toBe('20231015T230404Z');
  });
});
