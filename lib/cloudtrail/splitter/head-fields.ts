import type { RecordHead } from '../record-view.js';

/** Bytes allowed outside strings: white space, structure, and the letters of numbers and literals. */
export const ALLOWED = new Uint8Array(256);
for (const c of ' \t\r\n{}[],:-+.0123456789eEtrufalsn') ALLOWED[c.charCodeAt(0)] = 1;

/** The head field number of `userIdentity`, an object whose own members are extracted. */
export const USER_IDENTITY = 14;

/** Head fields by key, numbered so a store is a switch, not a keyed (megamorphic) write. */
export const HEAD_FIELDS = new Map<string, number>([
  ['eventVersion', 0],
  ['eventTime', 1],
  ['eventSource', 2],
  ['eventName', 3],
  ['eventType', 4],
  ['eventCategory', 5],
  ['awsRegion', 6],
  ['recipientAccountId', 7],
  ['errorCode', 8],
  ['eventID', 9],
  ['eventId', 9],
  ['readOnly', 10],
  ['managementEvent', 11],
  ['userAgent', 12],
  ['sourceIPAddress', 13],
  ['userIdentity', USER_IDENTITY],
]);
export type HeadField = number;

/** The userIdentity members the head carries (rules that look at every event read these). */
export const IDENTITY_FIELDS = new Map<string, number>([
  ['type', 20],
  ['arn', 21],
  ['invokedBy', 22],
  ['accountId', 23],
  ['accessKeyId', 24],
]);

/**
 * Top-level members whose place (not value) the WebAssembly scanner reports besides the head
 * fields, numbered from {@link LOCATED_BASE}: rules read them from the raw bytes, and a record
 * without one of them is then known not to have it without a scan to its end.
 * `userIdentity` is not among them: the scanner walks into it for the head's identity fields.
 */
export const LOCATED_BASE = 32;
export const LOCATED_FIELDS = new Map<string, number>(
  [
    'requestParameters',
    'responseElements',
    'additionalEventData',
    'resources',
    'errorMessage',
    'requestID',
    'sharedEventID',
    'vpcEndpointId',
    'vpcEndpointAccountId',
    'serviceEventDetails',
    'sessionCredentialFromConsole',
    'apiVersion',
    'addendum',
    'edgeDeviceDetails',
    'tlsDetails',
    'eventContext',
    'insightDetails',
    'annotation',
    'accountId',
  ].map((key, i) => [key, LOCATED_BASE + i])
);

/**
 * Members of `userIdentity` whose place the scanner reports (numbered after
 * {@link LOCATED_FIELDS}): rules read them from the raw bytes without walking the identity object,
 * and know a record lacks one without a walk to its end.
 */
export const LOCATED_IDENTITY_FIELDS = new Map<string, number>(
  ['sessionContext', 'inScopeOf'].map((key, i) => [key, LOCATED_BASE + LOCATED_FIELDS.size + i])
);

/** The field number of `userIdentity.sessionContext`, an object whose own members are located too. */
export const SESSION_CONTEXT = LOCATED_IDENTITY_FIELDS.get('sessionContext') as number;

/** Members of `userIdentity.sessionContext` whose place the scanner reports (numbered after the identity's). */
export const LOCATED_SESSION_FIELDS = new Map<string, number>(
  ['ec2RoleDelivery'].map((key, i) => [key, LOCATED_BASE + LOCATED_FIELDS.size + LOCATED_IDENTITY_FIELDS.size + i])
);

/** The located places a record has: top-level, identity and session context members. */
export const LOCATED_PLACES = LOCATED_FIELDS.size + LOCATED_IDENTITY_FIELDS.size + LOCATED_SESSION_FIELDS.size;

/** A head with every field present from the start: one hidden class for all records. */
export const newHead = (): RecordHead => ({
  eventVersion: undefined,
  eventTime: undefined,
  eventSource: undefined,
  eventName: undefined,
  eventType: undefined,
  eventCategory: undefined,
  awsRegion: undefined,
  recipientAccountId: undefined,
  errorCode: undefined,
  eventID: undefined,
  readOnly: undefined,
  managementEvent: undefined,
  userAgent: undefined,
  sourceIPAddress: undefined,
  userIdentityType: undefined,
  userIdentityArn: undefined,
  userIdentityInvokedBy: undefined,
  userIdentityAccountId: undefined,
  userIdentityAccessKeyId: undefined,
});

export const setHead = (head: RecordHead, field: HeadField, value: string | boolean): void => {
  switch (field) {
    case 0:
      head.eventVersion = value as string;
      break;
    case 1:
      head.eventTime = value as string;
      break;
    case 2:
      head.eventSource = value as string;
      break;
    case 3:
      head.eventName = value as string;
      break;
    case 4:
      head.eventType = value as string;
      break;
    case 5:
      head.eventCategory = value as string;
      break;
    case 6:
      head.awsRegion = value as string;
      break;
    case 7:
      head.recipientAccountId = value as string;
      break;
    case 8:
      head.errorCode = value as string;
      break;
    case 9:
      head.eventID = value as string;
      break;
    case 10:
      head.readOnly = value as boolean;
      break;
    case 11:
      head.managementEvent = value as boolean;
      break;
    case 12:
      head.userAgent = value as string;
      break;
    case 13:
      head.sourceIPAddress = value as string;
      break;
    case 20:
      head.userIdentityType = value as string;
      break;
    case 21:
      head.userIdentityArn = value as string;
      break;
    case 22:
      head.userIdentityInvokedBy = value as string;
      break;
    case 23:
      head.userIdentityAccountId = value as string;
      break;
    case 24:
      head.userIdentityAccessKeyId = value as string;
      break;
  }
};

/** Keys grouped by length, as bytes, for an allocation-free comparison. */
export type KeyTable = Array<Array<[Uint8Array, HeadField]> | undefined>;
export const keyTable = (fields: Map<string, number>): KeyTable => {
  const table: KeyTable = [];
  for (const [key, field] of fields) {
    table[key.length] ??= [];
    table[key.length]?.push([Buffer.from(key, 'latin1'), field]);
  }
  return table;
};
export const HEAD_KEYS = keyTable(HEAD_FIELDS);
export const IDENTITY_KEYS = keyTable(IDENTITY_FIELDS);

/** The field named by the key bytes `buf[start, end)` in `table`, or undefined. */
export const matchKey = (table: KeyTable, buf: Buffer, start: number, end: number): HeadField | undefined => {
  const group = table[end - start];
  if (group === undefined) return undefined;
  for (const [bytes, field] of group) {
    let k = 0;
    while (k < bytes.length && bytes[k] === buf[start + k]) k++;
    if (k === bytes.length) return field;
  }
  return undefined;
};
