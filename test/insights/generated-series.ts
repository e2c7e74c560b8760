import { addHours } from '../../lib/cost/hours.js';
import type { FileSummary } from '../../lib/model/summary.js';
import { createRandom, type Random } from '../../tools/sample/generate-trail.js';

/** One generated series: what it is, its hourly rate, and where spikes were injected. */
export type GeneratedSeries = {
  account: string;
  region: string;
  eventSource: string;
  eventName: string;
  /** Set for error-rate series. */
  errorCode?: string;
  kind: 'flat' | 'business-hours' | 'nightly-batch' | 'rare-bursts';
  /** Expected count of hour h (0-based from the start) before noise and spikes. */
  rate: (h: number) => number;
  /** Hours `start`..`end` (0-based) get `extra` more on average; `pageable` when rate + extra reaches the minimum volume. */
  spikes: Array<{ start: number; end: number; extra: number; pageable: boolean }>;
  counts: number[];
};

const poisson = (random: Random, lambda: number): number => {
  if (lambda <= 0) return 0;
  if (lambda < 30) {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = random.next();
    while (p > limit) {
      k++;
      p *= random.next();
    }
    return k;
  }
  const u = Math.max(random.next(), 1e-12);
  const v = random.next();
  return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)));
};

const gaussian = (random: Random): number =>
  Math.sqrt(-2 * Math.log(Math.max(random.next(), 1e-12))) * Math.cos(2 * Math.PI * random.next());

export type SeriesOptions = {
  seed: number;
  days: number;
  start: string;
  baselineDays: number;
  minCalls: number;
  minErrors: number;
};

/**
 * Generates hourly series of write calls and errors for a few accounts and regions: flat rates
 * from 2 to 600 an hour, business-hours seasonality, a nightly batch (normal every night: must
 * not fire), rare APIs with small bursts under the minimum volume (must not fire), and error
 * rates. Spikes of 2.5×–12× are injected after the baseline days into every series that is
 * not a must-not-fire control.
 */
export const generateSeries = (options: SeriesOptions): GeneratedSeries[] => {
  const random = createRandom(options.seed);
  const hours = options.days * 24;
  const out: GeneratedSeries[] = [];
  const accounts = ['111122223333', '444455556666', '777788889999'];
  const regions = ['us-east-1', 'eu-west-1'];
  const hourOfDay = (h: number) => (Number(options.start.slice(11, 13)) + h) % 24;
  for (const account of accounts) {
    for (const region of regions) {
      const specs: Array<Omit<GeneratedSeries, 'account' | 'region' | 'spikes' | 'counts'>> = [
        { eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', kind: 'flat', rate: () => 2 },
        { eventSource: 'ec2.amazonaws.com', eventName: 'CreateTags', kind: 'flat', rate: () => 8 },
        { eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', kind: 'flat', rate: () => 0.5 },
        { eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', kind: 'flat', rate: () => 40 },
        { eventSource: 's3.amazonaws.com', eventName: 'PutBucketPolicy', kind: 'flat', rate: () => 150 },
        { eventSource: 'kms.amazonaws.com', eventName: 'CreateGrant', kind: 'flat', rate: () => 600 },
        {
          eventSource: 'lambda.amazonaws.com',
          eventName: 'UpdateFunctionCode20150331v2',
          kind: 'business-hours',
          rate: (h) => (hourOfDay(h) >= 8 && hourOfDay(h) < 18 ? 60 : 4),
        },
        {
          eventSource: 'ssm.amazonaws.com',
          eventName: 'PutParameter',
          kind: 'business-hours',
          rate: (h) => (hourOfDay(h) >= 9 && hourOfDay(h) < 17 ? 20 : 1),
        },
        {
          eventSource: 'glue.amazonaws.com',
          eventName: 'StartJobRun',
          kind: 'nightly-batch',
          rate: (h) => (hourOfDay(h) === 2 ? 400 : 3),
        },
        { eventSource: 'cloudformation.amazonaws.com', eventName: 'CreateStack', kind: 'rare-bursts', rate: () => 0.3 },
        {
          eventSource: 'ec2.amazonaws.com',
          eventName: 'RunInstances',
          errorCode: 'Client.UnauthorizedOperation',
          kind: 'flat',
          rate: () => 1,
        },
        {
          eventSource: 'dynamodb.amazonaws.com',
          eventName: 'UpdateItem',
          errorCode: 'ThrottlingException',
          kind: 'flat',
          rate: () => 12,
        },
      ];
      for (const spec of specs) {
        const spikes: GeneratedSeries['spikes'] = [];
        if (spec.kind !== 'nightly-batch' && spec.kind !== 'rare-bursts') {
          const count = 1 + random.int(2);
          for (let s = 0; s < count; s++) {
            const start = options.baselineDays * 24 + random.int(hours - options.baselineDays * 24 - 6);
            if (spikes.some((p) => Math.abs(p.start - start) < 30)) continue;
            const duration = 1 + random.int(4);
            const factor = 1.5 + random.next() * 10.5;
            const extra = Math.round(factor * Math.max(spec.rate(start), 4));
            spikes.push({
              start,
              end: start + duration - 1,
              extra,
              pageable: spec.rate(start) + extra >= (spec.errorCode ? options.minErrors : options.minCalls),
            });
          }
        }
        const counts = Array.from({ length: hours }, (_, h) => {
          // Real call rates are burstier than Poisson: each hour's rate wobbles (lognormal, σ 0.3).
          let n = poisson(random, spec.rate(h) * Math.exp(0.3 * gaussian(random) - 0.045));
          if (spec.kind === 'rare-bursts' && random.next() < 0.03) n += 5 + random.int(15);
          for (const p of spikes) if (h >= p.start && h <= p.end) n += poisson(random, p.extra);
          return n;
        });
        out.push({ account, region, ...spec, spikes, counts });
      }
    }
  }
  return out;
};

/**
 * The per-file summaries ingest would write for the series: one per account, region and
 * delivery hour; most of an hour's events are delivered in the same hour and the rest (late
 * delivery) in the next one.
 */
export const summariesOf = (
  series: readonly GeneratedSeries[],
  start: string,
  hours: number
): Map<number, FileSummary[]> => {
  const out = new Map<number, FileSummary[]>();
  const files = new Map<string, FileSummary>();
  const fileOf = (account: string, region: string, d: number): FileSummary => {
    const id = `${account}|${region}|${d}`;
    let f = files.get(id);
    if (!f) {
      const hour = addHours(start, d);
      const stamp = `${hour.replaceAll('-', '')}05Z`;
      f = {
        schemaVersion: 1,
        bucket: 'trail-bucket',
        key: `AWSLogs/${account}/CloudTrail/${region}/${hour.slice(0, 10).replaceAll('-', '/')}/${account}_CloudTrail_${region}_${stamp}_generated${d}.json.gz`,
        kind: 'log',
        accountId: account,
        region,
        deliveredAt: `${hour}:05:00Z`,
        status: 'ok',
        bytes: { compressed: 0, uncompressed: 0 },
        records: 0,
        badRecords: 0,
        recordErrors: [],
        counts: [],
        errors: [],
        alerts: [],
        detection: {},
        processedAt: '2026-01-01T00:00:00.000Z',
      };
      files.set(id, f);
      out.set(d, [...(out.get(d) ?? []), f]);
    }
    return f;
  };
  for (const s of series) {
    s.counts.forEach((n, h) => {
      if (n === 0) return;
      const late = Math.floor(n * 0.08);
      const hour = addHours(start, h);
      for (const [d, count] of [
        [h, n - late],
        [h + 1, late],
      ] as const) {
        if (count === 0 || d >= hours) continue;
        const f = fileOf(s.account, s.region, d);
        f.records += count;
        // A failed call is a call too: it is in the counts, and in the errors by its code.
        f.counts.push({
          hour,
          eventCategory: 'Management',
          eventSource: s.eventSource,
          eventName: s.eventName,
          readOnly: false,
          count,
        });
        if (s.errorCode)
          f.errors.push({ hour, eventSource: s.eventSource, eventName: s.eventName, errorCode: s.errorCode, count });
      }
    });
  }
  return out;
};
