import type {
  AdvancedEventSelector,
  AdvancedFieldSelector,
  EventSelector,
  EventSelectorsResult,
  TrailCalls,
  TrailDescription,
  TrailSnapshot,
} from '../model/trails.js';

/** Which management events a trail records. */
export type ManagementScope = { read: boolean; write: boolean; excludedSources: string[] };

/** Which data events a trail records, as far as the audit cares. */
export type DataScope = {
  /** Any data event selector at all. */
  any: boolean;
  /** Basic selectors that log every S3 object or every Lambda function (the costly default). */
  unscopedBasic: Array<'AWS::S3::Object' | 'AWS::Lambda::Function'>;
  /** Object-level S3 reads / writes of every bucket (CIS asks for them). */
  s3AllRead: boolean;
  s3AllWrite: boolean;
};

/** One trail with everything the checks derive from the snapshot. */
export type TrailFacts = {
  arn: string;
  name: string;
  homeRegion: string;
  /** The account that owns the trail (from its ARN). */
  accountId: string;
  description: TrailDescription;
  calls: TrailCalls | undefined;
  /** null when GetTrailStatus could not be read. */
  logging: boolean | null;
  /** null when GetEventSelectors could not be read. */
  management: ManagementScope | null;
  data: DataScope | null;
  /** The audited regions the trail records events in. */
  regions: string[];
};

const ARN = /^arn:[^:]+:cloudtrail:([^:]+):(\d{12}):trail\/(.+)$/;

/**
 * Splits a trail ARN.
 * @returns region, account and name, or undefined when the string is no trail ARN
 */
export const parseTrailArn = (arn: string): { region: string; accountId: string; name: string } | undefined => {
  const m = ARN.exec(arn);
  return m ? { region: m[1] as string, accountId: m[2] as string, name: m[3] as string } : undefined;
};

const fieldsOf = (selector: AdvancedEventSelector): Map<string, AdvancedFieldSelector> =>
  new Map((selector.FieldSelectors ?? []).map((f) => [f.Field ?? '', f]));

const readWriteOf = (type: string | undefined): { read: boolean; write: boolean } => ({
  read: type === undefined || type === 'All' || type === 'ReadOnly',
  write: type === undefined || type === 'All' || type === 'WriteOnly',
});

const advancedReadWrite = (fields: Map<string, AdvancedFieldSelector>): { read: boolean; write: boolean } => {
  const readOnly = fields.get('readOnly')?.Equals;
  if (readOnly === undefined || readOnly.length !== 1) return { read: true, write: true };
  return { read: readOnly[0] === 'true', write: readOnly[0] === 'false' };
};

const ALL_S3 = /^arn:[a-z-]+:s3(:::)?$/;
const ALL_LAMBDA = /^arn:[a-z-]+:lambda$/;

/**
 * Reads what a trail records from its event selectors.
 *
 * A trail with no selectors at all (a new trail, or moto) records all management events and no
 * data events: that is CloudTrail's default. Basic selectors' management part is the union of
 * the selectors that include management events; advanced selectors' is the union of the
 * `eventCategory = Management` selectors, with `readOnly` and `eventSource NotEquals` narrowing it.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
 * @returns the management and data scope of the trail
 */
export const scopeOfSelectors = (result: EventSelectorsResult): { management: ManagementScope; data: DataScope } => {
  const basic: EventSelector[] = result.EventSelectors ?? [];
  const advanced: AdvancedEventSelector[] = result.AdvancedEventSelectors ?? [];
  const management: ManagementScope = { read: false, write: false, excludedSources: [] };
  const data: DataScope = { any: false, unscopedBasic: [], s3AllRead: false, s3AllWrite: false };
  if (basic.length === 0 && advanced.length === 0) {
    return { management: { read: true, write: true, excludedSources: [] }, data };
  }
  const excluded = new Set<string>();
  for (const selector of basic) {
    const rw = readWriteOf(selector.ReadWriteType);
    if (selector.IncludeManagementEvents !== false) {
      management.read ||= rw.read;
      management.write ||= rw.write;
      for (const source of selector.ExcludeManagementEventSources ?? []) excluded.add(source);
    }
    for (const resource of selector.DataResources ?? []) {
      data.any = true;
      const values = resource.Values ?? [];
      if (resource.Type === 'AWS::S3::Object' && values.some((v) => ALL_S3.test(v))) {
        if (!data.unscopedBasic.includes('AWS::S3::Object')) data.unscopedBasic.push('AWS::S3::Object');
        data.s3AllRead ||= rw.read;
        data.s3AllWrite ||= rw.write;
      }
      if (resource.Type === 'AWS::Lambda::Function' && values.some((v) => ALL_LAMBDA.test(v))) {
        if (!data.unscopedBasic.includes('AWS::Lambda::Function')) data.unscopedBasic.push('AWS::Lambda::Function');
      }
    }
  }
  for (const selector of advanced) {
    const fields = fieldsOf(selector);
    const category = fields.get('eventCategory')?.Equals ?? [];
    const rw = advancedReadWrite(fields);
    if (category.includes('Management')) {
      management.read ||= rw.read;
      management.write ||= rw.write;
      for (const source of fields.get('eventSource')?.NotEquals ?? []) excluded.add(source);
    }
    if (category.includes('Data')) {
      data.any = true;
      const types = fields.get('resources.type')?.Equals ?? [];
      if (types.includes('AWS::S3::Object') && !fields.has('resources.ARN')) {
        data.s3AllRead ||= rw.read;
        data.s3AllWrite ||= rw.write;
      }
    }
  }
  management.excludedSources = [...excluded].sort();
  return { management, data };
};

/**
 * The trails of a snapshot, each once (shadow copies of multi-region and organization trails
 * are listed by every region's DescribeTrails), with what they record and where.
 * @param snapshot - the configuration snapshot
 * @returns the trails, sorted by ARN
 */
export const trailFactsOf = (snapshot: TrailSnapshot): TrailFacts[] => {
  const byArn = new Map<string, TrailDescription>();
  for (const outcome of Object.values(snapshot.describeTrails)) {
    if (outcome.status !== 'ok') continue;
    for (const trail of outcome.value.trailList ?? []) {
      if (trail.TrailARN && !byArn.has(trail.TrailARN)) byArn.set(trail.TrailARN, trail);
    }
  }
  return [...byArn.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([arn, description]) => {
      const parsed = parseTrailArn(arn);
      const homeRegion = description.HomeRegion ?? parsed?.region ?? 'unknown';
      const calls = snapshot.trails[arn];
      const status = calls?.status;
      const selectors = calls?.eventSelectors;
      const scope = selectors?.status === 'ok' ? scopeOfSelectors(selectors.value) : null;
      return {
        arn,
        name: description.Name ?? parsed?.name ?? arn,
        homeRegion,
        accountId: parsed?.accountId ?? 'unknown',
        description,
        calls,
        logging: status?.status === 'ok' ? status.value.IsLogging === true : null,
        management: scope?.management ?? null,
        data: scope?.data ?? null,
        regions: description.IsMultiRegionTrail
          ? [...snapshot.regions]
          : snapshot.regions.filter((region) => region === homeRegion),
      };
    });
};

/**
 * The account being audited: given in the snapshot, else the owner of the trails that are not
 * organization trails (a member account sees its management account's organization trail).
 */
export const auditedAccountOf = (snapshot: TrailSnapshot, trails: readonly TrailFacts[]): string | undefined =>
  snapshot.accountId ??
  trails.find((t) => !t.description.IsOrganizationTrail && t.accountId !== 'unknown')?.accountId ??
  trails.find((t) => t.accountId !== 'unknown')?.accountId;
