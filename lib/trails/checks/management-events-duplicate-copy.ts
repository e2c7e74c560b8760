import { copyCostOf } from '../copy-cost.js';
import { fail, nameOf, notEvaluated, selectorsOf, trailWhere } from './helpers.js';
import type { TrailCheck } from './types.js';

/** The trail is not a paid additional copy of management events another trail already delivers. */
export const check: TrailCheck<'management-events-duplicate-copy'> = {
  id: 'management-events-duplicate-copy',
  severity: 'low',
  title: 'Trail re-delivers management events another trail already delivers (paid copy)',
  controls: [],
  evaluate: ({ trail, labels, usage }) => {
    const where = trailWhere(trail);
    const selectors = selectorsOf(trail);
    if (selectors.status !== 'ok') return [notEvaluated(check, where, 'cloudtrail:GetEventSelectors', selectors)];
    if (!labels.some((l) => l.trailArn === trail.arn && l.copy === 'additional')) return [];
    const cost = copyCostOf(trail, labels, usage);
    const regionList = cost.regions.map((r) => r.region);
    return [
      fail(check, {
        ...where,
        title: `Trail ${trail.name} is a paid additional copy of management events in ${regionList.length} region(s)`,
        evidence: {
          regions: cost.regions,
          pricePer100k: 2.0,
          window: usage ? { from: usage.from, to: usage.to, coveredDays: usage.coveredDays } : null,
          options: {
            excludeKmsAndRdsData: {
              monthlySavingUsd: cost.monthlySavingExcludingKmsRdsUsd,
              command: `aws cloudtrail put-event-selectors --trail-name ${trail.arn} --region ${trail.homeRegion} --advanced-event-selectors '[{"Name":"Management without KMS and RDS Data","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]},{"Field":"eventSource","NotEquals":["kms.amazonaws.com","rdsdata.amazonaws.com"]}]}]'`,
            },
            cloudTrailLake: {
              monthlyUsd: cost.lakeMonthlyUsd,
              note: 'an event data store bills $0.75/GB ingested (one-year retention included) instead of $2.00 per 100,000 events',
            },
            deleteCopy: `aws cloudtrail delete-trail ${nameOf(trail)}`,
          },
        },
        remediation: `aws cloudtrail delete-trail ${nameOf(trail)}   # if it only duplicates ${cost.regions[0]?.firstCopy ?? 'the first copy'}; else exclude KMS/RDS Data events (see evidence.options)`,
        monthlyCostUsd: cost.monthlyUsd,
      }),
    ];
  },
};
