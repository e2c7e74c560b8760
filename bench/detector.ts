/*
 * The detector the ingest benchmark runs for "ingest+detect": the built-in rule pack.
 */
import type { DetectorFactory } from '../lib/rules/detector.js';
import { compiledBuiltinRules } from '../lib/rules/load-rule-set.js';
import { RuleEngine } from '../lib/rules/rule-engine.js';

export const benchDetector = async (): Promise<DetectorFactory> => new RuleEngine(compiledBuiltinRules()).detector;
