/*
 * The detector the ingest benchmark runs for "ingest+detect": the built-in rule pack.
 */
import { compiledBuiltinRules, type DetectorFactory, RuleEngine } from '../lib/rules/index.js';

export const benchDetector = async (): Promise<DetectorFactory> => new RuleEngine(compiledBuiltinRules()).detector;
