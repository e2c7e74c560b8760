import type { Alert, AlertSink } from '../model/alert.js';
import { coldStartIpEnricher, ipDataFinding } from '../context/index.js';
import type { IncidentStore } from '../model/incident.js';
import type { Log } from '../model/log.js';
import type { CorrelationStore } from '../model/correlation.js';
import type { Clock } from '../model/ports.js';
import type { CorrelationDeps } from './correlations.js';
import type { FirstSeenDeps } from '../model/baseline.js';
import {
  buildRuleEngine,
  type DetectorFactory,
  ipContextRules,
  type RuleEngine,
  type RuleSetOptions,
} from '../rules/index.js';

/** What a Lambda function's flows need from the rules, built once per cold start. */
export type ColdStartRules = {
  engine: RuleEngine;
  detector: DetectorFactory;
  /** Each rule's own quiet period for incidents, or undefined for the default. */
  quietMs: (ruleId: string) => number | undefined;
  /**
   * Sends the cold start's configuration findings through `sink`: the rule files it left out
   * (invalid or refused) and an unusable IP database (one finding naming the file, the reason
   * and the rules that lose their input). The first call sends them, later calls do nothing.
   * When delivery fails the call throws, so that invocation fails (its event is retried) and the
   * next one sends again.
   */
  reportRuleFiles: (sink: AlertSink) => Promise<void>;
  /** Where incidents live (the `stores` given), or undefined: every alert goes out as it is. */
  incidents: IncidentStore | undefined;
  /**
   * The correlations and the store their states live in across files and invocations, or
   * undefined without a correlation store: correlations and thresholds are judged per source.
   */
  correlations: CorrelationDeps | undefined;
  /** Where first-seen baselines live and the learning period, or undefined: first-seen rules are silent. */
  firstSeen: FirstSeenDeps | undefined;
};

/** The stores a function runs with (lib/aws/state-stores.ts: `stateStoresOf`). */
export type ColdStartStores = { incidents?: IncidentStore; correlations?: CorrelationStore; firstSeen?: FirstSeenDeps };

/**
 * Builds a function's rule engine at cold start (buildRuleEngine: an invalid user rule file is
 * skipped, never fatal) and the once-per-cold-start report of the files it left out, which the
 * ingest, realtime and logs flows await before their work (`deps.reportRuleFiles`); with the
 * function's stores, what its flows need to fold into incidents and correlate across sources.
 * @param options - the rules section of the settings
 * @param log - where load problems and the report are logged
 * @param stores - where incidents and correlation states live (none: per-source judgement)
 * @param now - the clock that stamps the findings
 * @param ipData - with it, the offline IP context (lib/context) from this folder (`TRAILWATCH_IP_DATA_DIR`,
 *   else `.build/ip-data` in the working folder, where the zip has it): `context.sourceIPAddress` on records
 *   and alerts. A missing or corrupt database is logged as one error naming the file; the function
 *   then runs without the context and its first invocation sends one configuration finding
 *   (lib/context/ip-data-finding.ts, naming `ipData.origin`) with the rule-file findings
 * @returns the engine, its detector and the report
 * @example
 * const deps = { ...coldStartRules(settings.rules, logger), sink, log: logger, metrics };
 * export const handler = async (event: unknown) => evaluateEventBridgeRecord(event, deps);
 */
export const coldStartRules = (
  options: RuleSetOptions,
  log: Log,
  stores: ColdStartStores = {},
  now?: Clock,
  ipData?: { ipDataDir?: string; origin?: string }
): ColdStartRules => {
  const { enricher, problem } = ipData ? coldStartIpEnricher(ipData.ipDataDir, log) : {};
  const { engine, findings } = buildRuleEngine(options, log, now, enricher);
  let pending: readonly Alert[] = problem
    ? [
        ...findings,
        ipDataFinding(problem, {
          origin: ipData?.origin ?? 'trailwatch',
          rules: ipContextRules(engine.rules),
          now: now?.() ?? new Date(),
        }),
      ]
    : findings;
  return {
    engine,
    detector: engine.detector,
    quietMs: engine.quietMs,
    incidents: stores.incidents,
    correlations: stores.correlations
      ? {
          correlations: engine.correlations,
          store: stores.correlations,
          ...(now ? { now } : {}),
          ...(enricher ? { enricher } : {}),
        }
      : undefined,
    firstSeen: stores.firstSeen,
    reportRuleFiles: async (sink) => {
      if (pending.length === 0) return;
      await sink.send(pending);
      log.info('cold start findings sent', { findings: pending.length });
      pending = [];
    },
  };
};
