import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Bucket website redirects every request: A bucket's static website was set to send every request to another host: the site's visitors land wherever the new host says. */
export const rule: RuleDefinition = {
  id: 's3-bucket-website-redirects-all-requests',
  title: 'Bucket website redirects every request',
  description:
    "A bucket's static website was set to send every request to another host: the site's visitors land wherever the new host says.",
  severity: 'medium',
  tags: ['attack.impact', 'attack.t1491.002'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketWebsite.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/how-to-page-redirect.html',
    'https://attack.mitre.org/techniques/T1491/002/',
  ],
  eventSource: 's3.amazonaws.com',
  eventNames: ['PutBucketWebsite'],
  match: (r) => {
    const config = params(r).WebsiteConfiguration as { RedirectAllRequestsTo?: unknown } | undefined;
    return succeeded(r) && config?.RedirectAllRequestsTo !== undefined;
  },
};
