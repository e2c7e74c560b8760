/**
 * The ground floor: the vocabulary every area shares: records, object refs, alerts, per-file
 * summaries, trail snapshots and audit reports, the error base, the metric catalogue and the `Log`
 * and `Metrics` ports. No I/O, and no imports from other `lib/` areas.
 */
export * from './alert.js';
export * from './errors.js';
export * from './log.js';
export * from './object-ref.js';
export * from './record.js';
export * from './sensitive-fields.js';
export * from './summary.js';
export * from './trails.js';
export * from './ports.js';
export * from './product.js';
export * from './metrics.js';
export * from './incident.js';
export * from './ip-context.js';
export * from './baseline.js';
