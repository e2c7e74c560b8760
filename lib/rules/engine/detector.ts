import type { Alert, AlertDraft } from '../../model/alert.js';
import type { RecordView } from '../../cloudtrail/record-view.js';
import type { ObjectRef } from '../../model/object-ref.js';
import type { CorrelationMatch, MatchGroup } from '../../model/correlation.js';
import type { FirstSeenCandidate } from '../../model/baseline.js';

/**
 * The hook ingest calls for every record of one file. The rule engine implements it; an
 * empty detector is the default until rules are configured.
 */
export type Detector = {
  /** Sees one record. May call `view.record()` to parse it fully. */
  onRecord(view: RecordView): void;
  /** Called once after the last record: the grouped alerts of this file. */
  finish(): Alert[];
  /** Counters the summary carries (matches suppressed, rules evaluated…). */
  stats(): Record<string, number>;
  /**
   * Leaves the file's rule alerts unbuilt, for a caller that folds them into incidents (most only
   * add to an open incident and are never sent): call it before `finish()`; `finish()` then holds
   * none of them, and the function returned gives them after `finish()`, in the same order, as
   * drafts whose `alert()` builds each alert as `finish()` would have given it.
   * @param place - fields every built alert ends with (`s3Key` and `bucket`, as a file's summary adds them)
   */
  deferAlerts?(place?: { s3Key: string; bucket: string }): () => readonly AlertDraft[];
  /** How many rule alerts `finish()` left out as drafts (0 before `finish()` or without `deferAlerts`). */
  deferredAlerts?(): number;
  /**
   * Leaves the correlations (and threshold rules) to the caller, who keeps their state across
   * files (lib/pipelines/correlations.ts): call it before the first record; `finish()` then
   * holds no correlation alert, and the function returned gives the file's matches of the
   * rules correlations reference. Without it, correlations are judged within the file.
   */
  deferCorrelations?(): () => readonly CorrelationMatch[];
  /**
   * {@link Detector.deferCorrelations}, the matches handed over as the detector keeps them: by
   * correlation group, in columns (MatchGroup), a fraction of the memory of one object per match.
   */
  deferMatchGroups?(): () => readonly MatchGroup[];
  /**
   * Hands the first-seen rules to the caller, who keeps their baselines across files
   * (lib/pipelines/first-seen.ts): the function returned gives, after `finish()`, the earliest
   * match of each (rule, entity, key) in the file. Without it, first-seen rules alert nothing.
   */
  deferFirstSeen?(): () => readonly FirstSeenCandidate[];
};

/** Makes one detector per file (grouping is per file). */
export type DetectorFactory = (source: ObjectRef) => Detector;

/** A detector with no rules: counts nothing, alerts nothing. */
export const noDetector: DetectorFactory = () => ({
  onRecord: () => {},
  finish: () => [],
  stats: () => ({}),
});
