import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one structured logger of trailwatch. Level and service name come from
 * `POWERTOOLS_LOG_LEVEL` / `POWERTOOLS_SERVICE_NAME`; the event itself is never logged
 * because CloudTrail content is sensitive.
 */
export const logger = new Logger({ serviceName: 'trailwatch' });
