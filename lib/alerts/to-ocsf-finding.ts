import type { CloudTrailRecord } from '../model/record.js';
import { PRODUCT } from '../model/product.js';
import { DETAIL_TYPES } from './constants.js';
import type {
  OcsfAccount,
  OcsfActor,
  OcsfAttack,
  OcsfDetectionFinding,
  OcsfEvidence,
  OcsfResource,
  OcsfUser,
} from './ocsf-types.js';
import { OCSF_VERSION } from './ocsf-types.js';
import { parseArn } from './parse-arn.js';
import type { Alert, Severity } from '../model/alert.js';

const SEVERITY = {
  info: [1, 'Informational'],
  low: [2, 'Low'],
  medium: [3, 'Medium'],
  high: [4, 'High'],
  critical: [5, 'Critical'],
} as const satisfies Record<Severity, readonly [number, string]>;

/** MITRE ATT&CK Enterprise tactics by the Sigma tag spelling (`attack.defense-evasion`). */
const TACTICS: Readonly<Record<string, readonly [string, string]>> = {
  reconnaissance: ['TA0043', 'Reconnaissance'],
  'resource-development': ['TA0042', 'Resource Development'],
  'initial-access': ['TA0001', 'Initial Access'],
  execution: ['TA0002', 'Execution'],
  persistence: ['TA0003', 'Persistence'],
  'privilege-escalation': ['TA0004', 'Privilege Escalation'],
  'defense-evasion': ['TA0005', 'Defense Evasion'],
  'credential-access': ['TA0006', 'Credential Access'],
  discovery: ['TA0007', 'Discovery'],
  'lateral-movement': ['TA0008', 'Lateral Movement'],
  collection: ['TA0009', 'Collection'],
  exfiltration: ['TA0010', 'Exfiltration'],
  'command-and-control': ['TA0011', 'Command and Control'],
  impact: ['TA0040', 'Impact'],
};

const ms = (iso: string | undefined): number | undefined => {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
};

const account = (uid: string | undefined, name?: string): OcsfAccount | undefined =>
  uid === undefined || uid === ''
    ? undefined
    : { uid, ...(name !== undefined && { name }), type_id: 10, type: 'AWS Account' };

/** OCSF user type_id from CloudTrail's userIdentity.type (the original stays in `type`). */
const userTypeId = (type: string | undefined): OcsfUser['type_id'] => {
  switch (type) {
    case undefined:
      return 0;
    case 'Root':
      return 2;
    case 'IAMUser':
    case 'IdentityCenterUser':
    case 'SAMLUser':
    case 'WebIdentityUser':
    case 'FederatedUser':
    case 'Directory':
      return 1;
    case 'AWSService':
    case 'AWSAccount':
      return 3;
    default:
      return 99;
  }
};

/** CloudTrail's userIdentity.type read off an IAM/STS ARN, for alerts that carry no sample record. */
const identityTypeOf = (arnResource: string | undefined): string | undefined => {
  if (arnResource === undefined) return undefined;
  if (arnResource === 'root') return 'Root';
  const kind = arnResource.split('/')[0];
  return { user: 'IAMUser', 'assumed-role': 'AssumedRole', role: 'Role', 'federated-user': 'FederatedUser' }[
    kind ?? ''
  ];
};

const actorOf = (alert: Alert, sample: CloudTrailRecord | undefined): OcsfActor | undefined => {
  const identity = sample?.userIdentity;
  const uid = alert.principal ?? identity?.arn ?? identity?.principalId;
  if (uid === undefined) return identity?.invokedBy === undefined ? undefined : { invoked_by: identity.invokedBy };
  const arn = parseArn(uid);
  const name =
    identity?.userName ?? identity?.sessionContext?.sessionIssuer?.userName ?? arn?.resource.split('/').pop();
  const type =
    identity?.type ?? identityTypeOf(arn?.service === 'iam' || arn?.service === 'sts' ? arn.resource : undefined);
  const accountId = identity?.accountId ?? arn?.account;
  const userAccount = account(accountId, accountId === alert.account ? alert.accountName : undefined);
  const user: OcsfUser = {
    uid,
    ...(name !== undefined && { name }),
    type_id: userTypeId(type),
    ...(type !== undefined && { type }),
    ...(userAccount !== undefined && { account: userAccount }),
    ...(identity?.accessKeyId !== undefined && { credential_uid: identity.accessKeyId }),
  };
  return { user, ...(identity?.invokedBy !== undefined && { invoked_by: identity.invokedBy }) };
};

const resourceOf = (uid: string): OcsfResource => {
  const arn = parseArn(uid);
  if (arn === undefined) return { uid };
  const [kind, ...rest] = arn.resource.split(/[/:]/);
  return {
    uid,
    name: rest.length > 0 ? rest.join('/') : kind,
    type: rest.length > 0 ? `${arn.service}:${kind}` : arn.service,
    ...(arn.region !== '' && { region: arn.region }),
    cloud_partition: arn.partition,
  };
};

const attacksOf = (tags: readonly string[]): OcsfAttack[] => {
  const tactics = tags
    .map((t) => TACTICS[t.replace(/^attack\./, '')])
    .filter((t): t is readonly [string, string] => t !== undefined)
    .map(([uid, name]) => ({ uid, name }));
  const techniques = tags
    .map((t) => /^attack\.(t\d{4})(?:\.(\d{3}))?$/i.exec(t))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => {
      const technique = { uid: (m[1] ?? '').toUpperCase() };
      return m[2] === undefined ? { technique } : { technique, sub_technique: { uid: `${technique.uid}.${m[2]}` } };
    });
  // Sigma tags do not say which tactic a technique serves; pair them only when there is one tactic.
  const only = tactics.length === 1 ? tactics[0] : undefined;
  if (techniques.length > 0) return techniques.map((t) => (only === undefined ? t : { tactic: only, ...t }));
  return tactics.map((tactic) => ({ tactic }));
};

const evidenceOf = (alert: Alert, sample: CloudTrailRecord | undefined, actor: OcsfActor | undefined): OcsfEvidence => {
  const api: OcsfEvidence['api'] =
    alert.eventName === undefined
      ? undefined
      : {
          operation: alert.eventName,
          ...(alert.eventSource !== undefined && { service: { name: alert.eventSource } }),
          ...(sample?.requestID !== undefined && { request: { uid: sample.requestID } }),
          ...(sample?.errorCode !== undefined && {
            response: {
              error: sample.errorCode,
              ...(sample.errorMessage !== undefined && { error_message: sample.errorMessage }),
            },
          }),
        };
  const ip = alert.sourceIPAddress;
  const isIp = ip !== undefined && /^[0-9a-f.:]+$/i.test(ip);
  const context = alert.context?.sourceIPAddress;
  const srcEndpoint: OcsfEvidence['src_endpoint'] = {
    ...(isIp ? { ip } : { domain: ip }),
    ...((context?.asn !== undefined || context?.org !== undefined) && {
      autonomous_system: {
        ...(context.asn !== undefined && { number: context.asn }),
        ...(context.org !== undefined && { name: context.org }),
      },
    }),
    ...(context?.country !== undefined && { location: { country: context.country } }),
  };
  return {
    ...(actor !== undefined && { actor }),
    ...(api !== undefined && { api }),
    ...(ip !== undefined && { src_endpoint: srcEndpoint }),
    data: {
      eventIds: alert.eventIds,
      ...(alert.bucket !== undefined && { bucket: alert.bucket }),
      ...(alert.s3Key !== undefined && { s3Key: alert.s3Key }),
    },
  };
};

/**
 * Maps an alert to an OCSF 1.3.0 Detection Finding (class 2004) for Security Lake and SIEMs that
 * speak OCSF. `metadata.uid` carries the alert (notification) id, so consumers de-duplicate on it
 * as on the native shape; `finding_info.uid` carries the incident id of an incident notification
 * (else the alert id), and an escalation is activity Update (2), an opening or one-off Create (1); `time` is the alert's last-seen time, so
 * the same alert always maps to the same finding. Facts OCSF has no place for (rule category,
 * details, trimmed fields) go to `unmapped`. Field names after
 * https://schema.ocsf.io/1.3.0/classes/detection_finding
 * (https://docs.tenzir.com/reference/ocsf/1-3-0/classes/detection_finding).
 * @param alert - a trailwatch alert
 * @returns the finding, ready for JSON.stringify
 * @example JSON.stringify(toOcsfFinding(alert)) // the SNS body / EventBridge detail when ALERT_FORMAT=ocsf
 */
export const toOcsfFinding = (alert: Alert): OcsfDetectionFinding => {
  const [severityId, severity] = SEVERITY[alert.severity];
  const first = ms(alert.firstSeen) ?? ms(alert.lastSeen) ?? 0;
  const last = ms(alert.lastSeen) ?? first;
  const sample = alert.sample;
  const actor = actorOf(alert, sample);
  const attacks = attacksOf(alert.tags);
  const accountObject = account(alert.account, alert.accountName);
  const unmapped: Record<string, unknown> = {
    category: alert.category,
    ...(alert.details !== undefined && { details: alert.details }),
    ...(alert.trimmed !== undefined && { trimmed: alert.trimmed }),
    // OCSF's endpoint has no place for the address kind or Amazon-network flag: the whole context here.
    ...(alert.context !== undefined && { context: alert.context }),
    ...(alert.lifecycle !== undefined && { lifecycle: alert.lifecycle, escalation: alert.escalation ?? 0 }),
  };
  // An incident's escalation updates its finding: same finding uid, activity Update.
  const update = alert.lifecycle === 'escalated';
  return {
    activity_id: update ? 2 : 1,
    activity_name: update ? 'Update' : 'Create',
    category_uid: 2,
    category_name: 'Findings',
    class_uid: 2004,
    class_name: 'Detection Finding',
    type_uid: update ? 200402 : 200401,
    type_name: update ? 'Detection Finding: Update' : 'Detection Finding: Create',
    severity_id: severityId,
    severity,
    status_id: 1,
    status: 'New',
    time: last,
    start_time: first,
    end_time: last,
    count: alert.count,
    message: alert.title,
    metadata: {
      version: OCSF_VERSION,
      uid: alert.id,
      product: { name: 'trailwatch', vendor_name: 'trailwatch', version: PRODUCT.version },
      ...(alert.tags.length > 0 && { labels: alert.tags }),
    },
    finding_info: {
      uid: alert.incidentId ?? alert.id,
      title: alert.title,
      ...(alert.description !== undefined && { desc: alert.description }),
      types: [DETAIL_TYPES[alert.category]],
      first_seen_time: first,
      last_seen_time: last,
      analytic: { uid: alert.ruleId, name: alert.ruleId, type_id: 1, type: 'Rule' },
      ...(attacks.length > 0 && { attacks }),
      data_sources: ['AWS CloudTrail'],
      ...(alert.eventIds.length > 0 && { related_events: alert.eventIds.map((uid) => ({ uid })) }),
    },
    cloud: {
      provider: 'AWS',
      ...(alert.region !== undefined && { region: alert.region }),
      ...(accountObject !== undefined && { account: accountObject }),
    },
    ...(actor !== undefined && { actor }),
    ...(alert.resources !== undefined && alert.resources.length > 0 && { resources: alert.resources.map(resourceOf) }),
    evidences: [evidenceOf(alert, sample, actor)],
    unmapped,
  };
};
