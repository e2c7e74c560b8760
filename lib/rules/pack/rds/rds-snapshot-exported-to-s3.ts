import { madeByAwsService, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** RDS snapshot exported to S3: A DB or cluster snapshot was exported to an S3 bucket as Parquet files: a copy of the data that no longer needs the database to be read. */
export const rule: RuleDefinition = {
  id: 'rds-snapshot-exported-to-s3',
  title: 'RDS snapshot exported to S3',
  description:
    'A DB or cluster snapshot was exported to an S3 bucket as Parquet files: a copy of the data that no longer needs the database to be read.',
  severity: 'medium',
  tags: ['attack.collection', 'attack.t1074.002', 'attack.t1213.006', 'attack.exfiltration', 'attack.t1537'],
  references: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_StartExportTask.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ExportSnapshot.html',
  ],
  eventSource: 'rds.amazonaws.com',
  eventNames: ['StartExportTask'],
  match: (r) => succeeded(r) && !madeByAwsService(r),
};
