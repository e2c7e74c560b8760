import type { AlertFormat } from './constants.js';
import { toOcsfFinding } from './to-ocsf-finding.js';
import type { Alert } from '../model/alert.js';

/**
 * The body a sink sends for an alert: its own JSON (`native`) or an OCSF Detection Finding.
 * @param format - `native` or `ocsf`
 * @returns a function from alert to JSON text
 */
export const renderAlert =
  (format: AlertFormat) =>
  (alert: Alert): string =>
    JSON.stringify(format === 'ocsf' ? toOcsfFinding(alert) : alert);
