import type { TextReport } from './text-report.js';
import type { TrailCoordinates, ValidationEvent } from '../types.js';

/** One trail's validation as `trailwatch validate --format json` prints it (layout in docs/digest.md). */
export type JsonTrailReport = {
  trail: TrailCoordinates;
  requested: { start: string; end: string };
  found?: { start: string; end: string };
  digests: Array<Record<string, unknown>>;
  logFiles: Array<Record<string, unknown>>;
  gaps: Array<Record<string, unknown>>;
  findings: Array<Record<string, unknown>>;
  totals: Record<string, number>;
  exitCode: number;
  /** Set when the validation aborted (the CLI's exit 255). */
  error?: string;
};

/**
 * Collects validation events into a {@link JsonTrailReport}: every digest and log file with its
 * status, the CLI's verdict text and trailwatch's finer reason, gaps, and the extra findings.
 */
export class JsonReport {
  private readonly digests: Array<Record<string, unknown>> = [];
  private readonly logFiles: Array<Record<string, unknown>> = [];
  private readonly gaps: Array<Record<string, unknown>> = [];
  private readonly findings: Array<Record<string, unknown>> = [];

  /** Adds one event. */
  add(event: ValidationEvent): void {
    switch (event.type) {
      case 'digest':
        if (event.status === 'invalid') {
          const { type: _type, ...rest } = event;
          this.digests.push(rest);
        } else {
          const { type: _type, digest, ...rest } = event;
          this.digests.push({ ...rest, ...digest });
        }
        return;
      case 'log':
        this.logFiles.push({
          bucket: event.bucket,
          key: event.key,
          backfill: event.backfill,
          digestKey: event.digestKey,
          expectedHash: event.expectedHash,
          ...event.check,
        });
        return;
      case 'gap':
        this.gaps.push({
          backfill: event.backfill,
          bucket: event.bucket,
          from: event.nextEnd.toISOString(),
          to: event.lastStart.toISOString(),
        });
        return;
      case 'finding':
        this.findings.push(event.finding);
        return;
    }
  }

  /** The report, with totals and exit code taken from the text renderer that saw the same events. */
  build(
    trail: TrailCoordinates,
    start: Date,
    end: Date,
    text: TextReport,
    exitCode: number,
    error?: string
  ): JsonTrailReport {
    const { foundStart, foundEnd, ...totals } = text.totals;
    return {
      trail,
      requested: { start: start.toISOString(), end: end.toISOString() },
      ...(foundStart && foundEnd && { found: { start: foundStart.toISOString(), end: foundEnd.toISOString() } }),
      digests: this.digests,
      logFiles: this.logFiles,
      gaps: this.gaps,
      findings: this.findings,
      totals,
      exitCode,
      ...(error !== undefined && { error }),
    };
  }
}
