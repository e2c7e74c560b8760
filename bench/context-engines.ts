/*
 * The detectors the context bench compares (bench/context.ts), each built in a process of its
 * own (isolatedRounds in detection-rounds.ts): the built-in pack without the IP context, with it,
 * and with it but without the one rule that learns each credential's networks.
 */
import { openIpEnricher } from '../lib/context/index.js';
import { compiledBuiltinRules, type DetectorFactory, RuleEngine } from '../lib/rules/index.js';

/** The first-seen rule that reads the network (autonomous system) of every long-term credential's call. */
export const NETWORK_RULE = 'long-term-credentials-from-new-network';

/** The variants, by the names the bench prints. */
export const CONTEXT_VARIANTS = ['without context', 'with context', `with context, without ${NETWORK_RULE}`] as const;

/**
 * A variant's detector factory.
 * @param options - the variant, and the IP data folder the context reads
 */
export const contextDetector = ({
  variant,
  dir,
}: {
  variant: (typeof CONTEXT_VARIANTS)[number];
  dir: string;
}): DetectorFactory => {
  const builtin = compiledBuiltinRules();
  if (variant === 'without context') return new RuleEngine(builtin).detector;
  const rules = variant === 'with context' ? builtin : builtin.filter((r) => r.meta.id !== NETWORK_RULE);
  return new RuleEngine(rules, { enricher: openIpEnricher(dir) }).detector;
};
