import {
  IDENTITY_ACCESS_KEY,
  IDENTITY_ARN,
  IDENTITY_INVOKED_BY,
  IDENTITY_TYPE,
  member,
  sourceAsn,
} from '../helpers.js';
import type { CloudTrailRecord } from '../../../model/record.js';
import { accessOf } from '../../engine/record-access.js';
import type { RuleDefinition } from '../../types.js';

/**
 * Whose network is learnt: a long-term access key (`AKIA…`) by its id; else an IAM user or the
 * root user by ARN (console sessions). Role sessions (`ASIA…` keys, new every session) are left out.
 */
const credential = (r: CloudTrailRecord): string | undefined => {
  // The rule sees every record: the reader's head carries every member read here, so no
  // record is decoded, and the IP is looked up only for long-term credentials.
  if (member(r, IDENTITY_INVOKED_BY) !== undefined) return undefined;
  const accessKeyId = member(r, IDENTITY_ACCESS_KEY) as string | undefined;
  if ((accessKeyId ?? '').startsWith('AKIA')) return accessKeyId;
  const type = member(r, IDENTITY_TYPE);
  return type === 'IAMUser' || type === 'Root' ? (member(r, IDENTITY_ARN) as string | undefined) : undefined;
};

/** Marks the network of the record read last as not looked at yet. */
const UNREAD = Symbol('unread');

/**
 * The credential and network of the record read last: the engine asks `match`, then `entity`
 * and `key`, of the same record, and each would cost the same reads again (the network an
 * address's context). Kept by the serial of the lazy record's accessor, which no other record
 * shares; a plain record (no accessor) is read afresh each time.
 */
const last: { serial: number; credential: string | undefined; asn: string | undefined | typeof UNREAD } = {
  serial: -1,
  credential: undefined,
  asn: UNREAD,
};

/** Points {@link last} at `r`, reading its credential when it is another record. */
const read = (r: CloudTrailRecord): typeof last => {
  const serial = accessOf(r)?.serial ?? -1;
  if (serial <= 0 || serial !== last.serial) {
    // Kept for the serial only once read: a read that throws leaves nothing behind.
    last.serial = -1;
    last.credential = credential(r);
    last.asn = UNREAD;
    last.serial = serial;
  }
  return last;
};

/** The network (`AS…`) of `r`, read once per record. */
const network = (r: CloudTrailRecord): string | undefined => {
  const seen = read(r);
  if (seen.asn === UNREAD) seen.asn = sourceAsn(r);
  return seen.asn;
};

/** Long-term credentials used from a new network: an access key (AKIA…) or an IAM user called from an autonomous system it had never called from. */
export const rule: RuleDefinition = {
  id: 'long-term-credentials-from-new-network',
  title: 'Long-term credentials used from a new network',
  description:
    "A long-term access key (AKIA…), or an IAM or root user's session, called AWS from a network (autonomous system) it had never called from: the sign a leaked key gives when someone else uses it. A credential's very first call is learnt, not alerted.",
  severity: 'medium',
  tags: ['attack.initial-access', 'attack.persistence', 'attack.t1078.004'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
    'https://attack.mitre.org/techniques/T1078/004/',
  ],
  match: (r) => read(r).credential !== undefined && network(r) !== undefined,
  // What sourceAsn needs, as a pattern: where there is no IP context (no IP data), the engine
  // drops the rule instead of calling it for every record.
  pattern: '{ $.context.sourceIPAddress.kind = "public" }',
  firstSeen: { entity: (r) => read(r).credential, key: network, newEntity: 'learn' },
};
