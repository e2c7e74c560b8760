import type { Alert } from './alert.js';
import type { Clock } from './ports.js';

/**
 * What a first-seen rule does with the first event of an entity the store holds nothing of,
 * after the learning period: `alert` (a brand-new principal calling a sensitive API is news) or
 * `learn` (a new user's first console sign-in has no country to differ from: its key is
 * recorded silently, and the entity's next new key alerts).
 */
export type NewEntityPolicy = 'alert' | 'learn';

/**
 * One (rule, entity, key) of one source, as the detector hands it over: the earliest match of
 * a first-seen rule for that key in the source, and the alert it raises if the key is new.
 */
export type FirstSeenCandidate = {
  ruleId: string;
  /** Whose behaviour: a principal ARN, an access key id, an account. */
  entity: string;
  /** What was seen: an API name, a country, an ASN, an account. */
  key: string;
  /** eventTime of the earliest match, epoch milliseconds. */
  time: number;
  /** eventID of the earliest match (orders candidates of the same time). */
  eventId: string;
  newEntity: NewEntityPolicy;
  /** The alert of the match, sent when the key is first seen after the learning period. */
  alert: Alert;
};

/**
 * What the store keeps of one (rule, entity, key): when it was first seen, by which source, and
 * whether that source alerted (so a retried source alerts again with the same id, and only it).
 * An entity marker (`key` absent) says the store has seen the entity under this rule.
 */
export type StoredBaseline = {
  /** sha256 of (rule, entity, key)[0:32] (lib/incidents/baseline-keys.ts). */
  id: string;
  ruleId: string;
  entity: string;
  /** Absent on an entity marker. */
  key?: string;
  /** eventTime of the event that created it (ISO 8601). */
  firstSeen: string;
  /** The source (file, event) whose write created it. */
  source: string;
  /** Whether that source alerted for it (false while learning, or for a new entity under `learn`). */
  alerted: boolean;
  /** Epoch seconds after which a read treats it as absent: max(eventTime, now) + 90 days, pushed later as the key recurs. */
  expiresAt: number;
};

/** What one read of the baseline store returns. */
export type BaselineRead = {
  /** The live baselines among the ids asked for. */
  baselines: Map<string, StoredBaseline>;
  /** The earliest eventTime the deployment's store has seen (epoch ms), when it has seen any. */
  deploymentStart?: number;
};

/**
 * Where first-seen baselines live between files and runs: DynamoDB on Lambda (the incident
 * table under `baseline#` keys, lib/aws/baseline-table.ts), the `--state` file in the CLI
 * (lib/local/incident-file.ts), memory in one run (lib/incidents/memory-baseline-store.ts).
 */
export type BaselineStore = {
  /** One read of these baselines (expired ones are absent) and of the deployment's start. */
  read(ids: readonly string[]): Promise<BaselineRead>;
  /**
   * Creates the baseline unless a live one with its id exists. Of concurrent claims of one id,
   * exactly one returns true.
   */
  claim(baseline: StoredBaseline): Promise<boolean>;
  /** Moves a live baseline's expiry to `expiresAt` when that is later; absent ones stay absent. */
  extend(id: string, expiresAt: number): Promise<void>;
  /** Stores `time` (epoch ms) as the deployment's start unless an earlier one is stored. */
  noteStart(time: number): Promise<void>;
};

/**
 * Judges one source's first-seen candidates against the store: the alerts of the keys that are
 * new (lib/pipelines/first-seen.ts builds it).
 * @param firstEventTime - the source's earliest eventTime (ISO 8601), for the deployment's start
 */
export type FirstSeenJudge = (
  candidates: readonly FirstSeenCandidate[],
  source: string,
  firstEventTime?: string
) => Promise<Alert[]>;

/** What judging first-seen candidates needs: the store, the learning period, the clock. */
export type FirstSeenDeps = {
  store: BaselineStore;
  /** How long after the deployment's first eventTime keys are recorded without alerting. */
  learningMs: number;
  now?: Clock;
};
