/*
 * One variant of isolatedRounds (detection-rounds.ts), in a process of its own: told which
 * module export builds its detector and where the log file is, it says 'ready', then reads the
 * file through the ingest core each time it is told 'read' and answers with what the read cost.
 */
import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { processLogStream } from '../lib/ingest/process-log.js';
import { silentLog } from '../lib/model/log.js';
import type { ObjectRef } from '../lib/model/object-ref.js';
import type { DetectorFactory } from '../lib/rules/index.js';
import type { IsolatedRead, IsolatedVariant } from './detection-rounds.js';

type Setup = IsolatedVariant & { body: string; ref: ObjectRef };

const send = (message: unknown): void => {
  if (process.send === undefined) throw new Error('detection-round-child.ts runs as a forked process');
  process.send(message);
};

let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });
/** One turn of the event loop: a read's collections reach the observer by then. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

let run: (() => Promise<IsolatedRead>) | undefined;

/** Sets the variant up, or reads the file once: the answer, or what went wrong. */
const answer = async (message: Setup | 'read'): Promise<'ready' | IsolatedRead> => {
  if (message !== 'read') {
    const make = (await import(message.module))[message.name] as (
      arg: unknown
    ) => DetectorFactory | Promise<DetectorFactory>;
    if (typeof make !== 'function') throw new Error(`${message.module} exports no function ${message.name}`);
    const detector = await make(message.arg);
    const body = readFileSync(message.body);
    run = async () => {
      await settle();
      gcMs = 0;
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      const summary = await processLogStream(Readable.from([body]), message.ref, { detector, log: silentLog });
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpuStarted);
      await settle();
      return {
        ms,
        cpu: (used.user + used.system) / 1000,
        gc: gcMs,
        records: summary.records,
        alerts: summary.alerts.length,
        pid: process.pid,
      };
    };
    return 'ready';
  }
  if (run === undefined) throw new Error('told to read before it was set up');
  return run();
};

process.on('message', (message: Setup | 'read') =>
  answer(message).then(send, (error: unknown) =>
    send({ error: error instanceof Error ? error.message : String(error) })
  )
);
