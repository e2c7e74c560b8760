import { vi } from 'vitest';

/**
 * One CloudWatch Embedded Metric Format document as a function writes it on stdout
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
 * the `_aws` metadata, then each dimension and each metric as a top-level key.
 */
export type EmfDocument = {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: Array<{
      Namespace: string;
      Dimensions: string[][];
      Metrics: Array<{ Name: string; Unit: string; StorageResolution?: number }>;
    }>;
  };
  [key: string]: unknown;
};

/** What a run wrote on stdout, split into lines, and how it ended. */
export type Captured<T> = { lines: string[]; result?: T; error?: unknown };

/**
 * Runs `run` with stdout captured (nothing reaches the terminal) and returns every line written.
 * Powertools Metrics writes through a `Console` on `process.stdout` unless `POWERTOOLS_DEV` is set,
 * so tests stub `POWERTOOLS_DEV=false` before the metrics are made.
 */
export const captureStdout = async <T>(run: () => Promise<T>): Promise<Captured<T>> => {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  try {
    const result = await run();
    return { lines: splitLines(chunks), result };
  } catch (error) {
    return { lines: splitLines(chunks), error };
  } finally {
    spy.mockRestore();
  }
};

const splitLines = (chunks: string[]): string[] =>
  chunks
    .join('')
    .split('\n')
    .filter((line) => line !== '');

/** The EMF documents among stdout lines (lines whose JSON carries `_aws.CloudWatchMetrics`). */
export const emfDocuments = (lines: readonly string[]): EmfDocument[] =>
  lines.flatMap((line) => {
    if (!line.startsWith('{"_aws"')) return [];
    const doc = JSON.parse(line) as EmfDocument;
    return Array.isArray(doc._aws?.CloudWatchMetrics) ? [doc] : [];
  });

/** The values a document holds for a metric (EMF writes one value or an array). */
export const valuesOf = (doc: EmfDocument | undefined, name: string): number[] => {
  const value = doc?.[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as number[]) : [value as number];
};

/** The sum of a metric's values in a document. */
export const sumOf = (doc: EmfDocument | undefined, name: string): number =>
  valuesOf(doc, name).reduce((a, b) => a + b, 0);

/** Name → unit of every metric a document declares. */
export const unitsOf = (doc: EmfDocument): Record<string, string> =>
  Object.fromEntries(doc._aws.CloudWatchMetrics.flatMap((d) => d.Metrics.map((m) => [m.Name, m.Unit])));
