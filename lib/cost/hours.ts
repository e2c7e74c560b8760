/**
 * UTC hours as `YYYY-MM-DDTHH` strings (the form per-file summaries use for eventTime hours) and
 * their arithmetic. Strings sort in time order.
 */

const HOUR = /^\d{4}-\d{2}-\d{2}T\d{2}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a string is a `YYYY-MM-DDTHH` hour. */
export const isHour = (value: string): boolean => HOUR.test(value) && !Number.isNaN(Date.parse(`${value}:00:00Z`));
/** Whether a string is a `YYYY-MM-DD` day. */
export const isDay = (value: string): boolean => DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

/** Hours since the epoch of an hour string. */
export const hourIndex = (hour: string): number => Date.parse(`${hour}:00:00Z`) / 3_600_000;
/** The hour string of an hour index. */
export const hourAt = (index: number): string => new Date(index * 3_600_000).toISOString().slice(0, 13);
/** `hour` moved by `n` hours (negative: earlier). */
export const addHours = (hour: string, n: number): string => hourAt(hourIndex(hour) + n);
/** The hour a date falls in. */
export const hourOf = (date: Date): string => date.toISOString().slice(0, 13);
/** The 24 hours of a day, in order. */
export const hoursOfDay = (day: string): string[] =>
  Array.from({ length: 24 }, (_, h) => `${day}T${String(h).padStart(2, '0')}`);
/** `day` moved by `n` days. */
export const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** Hours from `a` to `b` (b − a). */
export const hoursBetween = (a: string, b: string): number => hourIndex(b) - hourIndex(a);
/** `YYYY/MM/DD/HH` path segments of an hour (the summary and rollup layout). */
export const hourPath = (hour: string): string =>
  `${hour.slice(0, 4)}/${hour.slice(5, 7)}/${hour.slice(8, 10)}/${hour.slice(11, 13)}`;
/** `YYYY/MM/DD` path segments of a day. */
export const dayPath = (day: string): string => day.replaceAll('-', '/');
