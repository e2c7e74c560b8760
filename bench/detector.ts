/*
 * The detector the ingest benchmark runs for "ingest+detect": the built-in rule pack when the
 * rule engine is present, else none.
 */
import type { DetectorFactory } from '../lib/rules/detector.js';
import { noDetector } from '../lib/rules/detector.js';

export const benchDetector = async (): Promise<DetectorFactory> => noDetector;
