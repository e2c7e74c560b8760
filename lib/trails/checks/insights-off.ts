import { fail, notEvaluated, notRead, trailWhere } from './helpers.js';
import type { TrailCheck } from './types.js';

/** A trail not known to be stopped has Insights selectors. */
export const check: TrailCheck<'insights-off'> = {
  id: 'insights-off',
  severity: 'info',
  title: "Insights are off (trailwatch's own anomalies cover call and error rates)",
  controls: ['prowler:cloudtrail_insights_exist'],
  evaluate: ({ trail }) => {
    if (trail.logging === false) return [];
    const where = trailWhere(trail);
    const insights = trail.calls?.insightSelectors ?? notRead<never>('GetInsightSelectors');
    if (insights.status !== 'ok' && insights.status !== 'absent') {
      return [notEvaluated(check, where, 'cloudtrail:GetInsightSelectors', insights)];
    }
    const off = insights.status === 'ok' ? (insights.value.InsightSelectors ?? []).length === 0 : true;
    if (!off) return [];
    return [
      fail(check, {
        ...where,
        evidence: { InsightSelectors: [] },
        remediation: `aws cloudtrail put-insight-selectors --trail-name ${trail.arn} --region ${trail.homeRegion} --insight-selectors '[{"InsightType":"ApiCallRateInsight"},{"InsightType":"ApiErrorRateInsight"}]'   # $0.35 per 100,000 events analysed per type`,
      }),
    ];
  },
};
