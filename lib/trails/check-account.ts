import { fail, notEvaluated } from './checks.js';
import { auditedAccountOf, type TrailFacts } from './trail-facts.js';
import type { Outcome, TrailFinding, TrailSnapshot } from '../model/trails.js';

const CREATE_TRAIL =
  'aws cloudtrail create-trail --name trailwatch --s3-bucket-name <bucket> --is-multi-region-trail --include-global-service-events --enable-log-file-validation --kms-key-id <kms-key-arn> && aws cloudtrail start-logging --name trailwatch';

/** Why an account-wide check is not evaluated when some trail's status or selectors are unread. */
const UNKNOWN_STATE: Outcome<never> = {
  status: 'error',
  code: 'Unknown',
  message: 'the state of some trails could not be read',
};

const accountResource = (snapshot: TrailSnapshot, trails: readonly TrailFacts[]): string =>
  `account ${auditedAccountOf(snapshot, trails) ?? 'unknown'}`;

/** Regions where neither reads nor writes are known to be recorded, and regions we cannot tell. */
const coverage = (snapshot: TrailSnapshot, trails: readonly TrailFacts[]) => {
  const gaps: Array<{ region: string; missing: string[] }> = [];
  const unknown: string[] = [];
  for (const region of snapshot.regions) {
    const here = trails.filter((t) => t.regions.includes(region));
    const known = here.filter((t) => t.logging === true && t.management);
    const read = known.some((t) => t.management?.read);
    const write = known.some((t) => t.management?.write);
    if (read && write) continue;
    const unsure =
      snapshot.describeTrails[region]?.status !== 'ok' || here.some((t) => t.logging === null || t.management === null);
    if (unsure) unknown.push(region);
    else gaps.push({ region, missing: [...(read ? [] : ['read']), ...(write ? [] : ['write'])] });
  }
  return { gaps, unknown };
};

const isFullTrail = (t: TrailFacts): boolean =>
  Boolean(t.description.IsMultiRegionTrail) &&
  t.logging === true &&
  t.management?.read === true &&
  t.management.write &&
  t.management.excludedSources.length === 0;

/**
 * The account-wide checks: is there a trail, does one record every region's management events,
 * global service events, S3 object-level events, who administers the organization trail, and does
 * trailwatch read a bucket some trail writes to.
 * @param snapshot - the configuration snapshot
 * @param trails - the trails derived from it
 * @param watchedBuckets - the buckets trailwatch is configured to read
 * @returns the account-wide findings
 */
export const checkAccount = (
  snapshot: TrailSnapshot,
  trails: readonly TrailFacts[],
  watchedBuckets: readonly string[]
): TrailFinding[] => {
  const findings: TrailFinding[] = [];
  const resource = accountResource(snapshot, trails);
  const where = { trail: null, resource };
  const listed = Object.entries(snapshot.describeTrails);
  const failedRegions = listed.filter(([, o]) => o.status !== 'ok').map(([region]) => region);

  if (trails.length === 0) {
    const firstFailure = listed.find(([, o]) => o.status !== 'ok')?.[1];
    if (failedRegions.length === listed.length && firstFailure) {
      findings.push(notEvaluated('trail-none', where, 'cloudtrail:DescribeTrails', firstFailure));
    } else {
      findings.push(
        fail('trail-none', {
          ...where,
          evidence: { regionsAsked: snapshot.regions, regionsNotRead: failedRegions },
          remediation: `${CREATE_TRAIL}   # or: osls deploy --param createTrail=true`,
        })
      );
    }
  } else {
    const { gaps, unknown } = coverage(snapshot, trails);
    if (gaps.length > 0) {
      findings.push(
        fail('management-events-region-gap', {
          ...where,
          title: `${gaps.length} region(s) where no logging trail records read and write management events`,
          evidence: { gaps, regionsNotDetermined: unknown },
          remediation: CREATE_TRAIL,
        })
      );
    } else if (unknown.length > 0) {
      const failed = listed.find(([region, o]) => unknown.includes(region) && o.status !== 'ok')?.[1];
      findings.push(
        notEvaluated(
          'management-events-region-gap',
          where,
          failed ? 'cloudtrail:DescribeTrails' : 'cloudtrail:GetTrailStatus/GetEventSelectors',
          failed ?? { status: 'error', code: 'Unknown', message: `trail state unknown in ${unknown.join(', ')}` }
        )
      );
    }

    const undetermined = trails.some((t) => t.logging === null || t.management === null);
    if (!trails.some(isFullTrail)) {
      const evidence = {
        trails: trails.map((t) => ({
          arn: t.arn,
          multiRegion: Boolean(t.description.IsMultiRegionTrail),
          logging: t.logging,
          management: t.management,
        })),
      };
      if (undetermined) {
        findings.push(
          notEvaluated(
            'multi-region-trail-missing',
            where,
            'cloudtrail:GetTrailStatus/GetEventSelectors',
            UNKNOWN_STATE
          )
        );
      } else {
        findings.push(
          fail('multi-region-trail-missing', {
            ...where,
            evidence,
            remediation:
              'aws cloudtrail update-trail --name <trail> --is-multi-region-trail && aws cloudtrail put-event-selectors --trail-name <trail> --event-selectors \'[{"ReadWriteType":"All","IncludeManagementEvents":true}]\' && aws cloudtrail start-logging --name <trail>',
          })
        );
      }
    }

    const secure = trails.some(
      (t) =>
        isFullTrail(t) &&
        t.description.IncludeGlobalServiceEvents === true &&
        t.description.LogFileValidationEnabled === true &&
        Boolean(t.description.KmsKeyId)
    );
    if (!secure && undetermined) {
      findings.push(
        notEvaluated('security-trail-missing', where, 'cloudtrail:GetTrailStatus/GetEventSelectors', UNKNOWN_STATE)
      );
    } else if (!secure) {
      findings.push(
        fail('security-trail-missing', {
          ...where,
          evidence: {
            trails: trails.map((t) => ({
              arn: t.arn,
              multiRegion: Boolean(t.description.IsMultiRegionTrail),
              globalServiceEvents: Boolean(t.description.IncludeGlobalServiceEvents),
              logFileValidation: Boolean(t.description.LogFileValidationEnabled),
              kmsKeyId: t.description.KmsKeyId ?? null,
              logging: t.logging,
              management: t.management,
            })),
          },
          remediation:
            'aws cloudtrail update-trail --name <trail> --is-multi-region-trail --include-global-service-events --enable-log-file-validation --kms-key-id <kms-key-arn>',
        })
      );
    }

    const withGlobal = trails.filter((t) => t.description.IncludeGlobalServiceEvents);
    const globalKnown = withGlobal.some((t) => t.logging === true && t.management?.write === true);
    const globalUnsure = withGlobal.some((t) => t.logging === null || t.management === null);
    if (!globalKnown && globalUnsure) {
      findings.push(
        notEvaluated(
          'global-service-events-missing',
          where,
          'cloudtrail:GetTrailStatus/GetEventSelectors',
          UNKNOWN_STATE
        )
      );
    } else if (!globalKnown) {
      findings.push(
        fail('global-service-events-missing', {
          ...where,
          evidence: {
            trails: trails.map((t) => ({
              arn: t.arn,
              includeGlobalServiceEvents: Boolean(t.description.IncludeGlobalServiceEvents),
              logging: t.logging,
            })),
          },
          remediation: 'aws cloudtrail update-trail --name <trail> --include-global-service-events',
        })
      );
    }

    const recording = trails.filter((t) => t.logging !== false);
    const s3Writes = recording.some((t) => t.data?.s3AllWrite);
    if (!s3Writes && recording.some((t) => t.data === null)) {
      findings.push(notEvaluated('s3-data-events-missing', where, 'cloudtrail:GetEventSelectors', UNKNOWN_STATE));
    } else if (!s3Writes) {
      findings.push(
        fail('s3-data-events-missing', {
          ...where,
          evidence: {
            s3AllRead: recording.some((t) => t.data?.s3AllRead),
            s3AllWrite: false,
          },
          remediation:
            'aws cloudtrail put-event-selectors --trail-name <trail> --advanced-event-selectors \'[{"Name":"Management","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},{"Name":"S3 writes","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]},{"Field":"readOnly","Equals":["false"]}]}]\'   # data events cost $0.10 per 100,000',
        })
      );
    }
  }

  findings.push(...checkOrganization(snapshot, trails));

  for (const bucket of watchedBuckets) {
    if (trails.some((t) => t.description.S3BucketName === bucket)) continue;
    findings.push(
      fail('watched-bucket-orphaned', {
        trail: null,
        resource: `s3://${bucket}`,
        title: `trailwatch reads s3://${bucket}, which no trail visible to this account writes to`,
        evidence: {
          watchedBucket: bucket,
          trailBuckets: [...new Set(trails.map((t) => t.description.S3BucketName).filter(Boolean))],
          note: 'trails of other accounts that deliver into this bucket are not visible here',
        },
        remediation: `aws cloudtrail update-trail --name <trail> --s3-bucket-name ${bucket}   # or point trailwatch at the trail's bucket`,
      })
    );
  }
  return findings;
};

/** An organization trail should be run from a delegated administrator, not the management account. */
const checkOrganization = (snapshot: TrailSnapshot, trails: readonly TrailFacts[]): TrailFinding[] => {
  const organizationTrails = trails.filter((t) => t.description.IsOrganizationTrail);
  const findings: TrailFinding[] = [];
  for (const trail of organizationTrails) {
    const where = { trail: trail.arn, resource: trail.arn };
    const admins = snapshot.delegatedAdministrators;
    if (admins.status !== 'ok') {
      findings.push(
        notEvaluated(
          'organization-trail-management-account',
          where,
          'organizations:ListDelegatedAdministrators',
          admins
        )
      );
      continue;
    }
    if ((admins.value.DelegatedAdministrators ?? []).length > 0) continue;
    const organization = snapshot.organization.status === 'ok' ? snapshot.organization.value.Organization : undefined;
    findings.push(
      fail('organization-trail-management-account', {
        ...where,
        evidence: {
          organizationId: organization?.Id ?? null,
          managementAccountId: organization?.MasterAccountId ?? trail.accountId,
          delegatedAdministrators: [],
        },
        remediation:
          'aws cloudtrail register-organization-delegated-admin --member-account-id <security-tooling-account-id>   # run in the management account',
      })
    );
  }
  return findings;
};
