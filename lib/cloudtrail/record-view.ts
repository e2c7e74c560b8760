import type { CloudTrailRecord } from '../model/record.js';

/**
 * The top-level fields the reader extracts from every record without a full JSON parse.
 * Counting and rule indexing need only these, so a record no rule wants is never parsed.
 */
export type RecordHead = {
  eventVersion?: string;
  eventTime?: string;
  eventSource?: string;
  eventName?: string;
  eventType?: string;
  eventCategory?: string;
  awsRegion?: string;
  recipientAccountId?: string;
  errorCode?: string;
  eventID?: string;
  readOnly?: boolean;
  managementEvent?: boolean;
  userAgent?: string;
  sourceIPAddress?: string;
  /** `userIdentity.type`, `.arn`, `.invokedBy`, `.accountId`, `.accessKeyId`: what rules that see every event read. */
  userIdentityType?: string;
  userIdentityArn?: string;
  userIdentityInvokedBy?: string;
  userIdentityAccountId?: string;
  userIdentityAccessKeyId?: string;
};

/** One record as the reader hands it out: cheap head fields now, the full record on demand. */
export type RecordView = {
  readonly head: RecordHead;
  /** Zero-based position of the record in its file. */
  readonly index: number;
  /** Byte offset of the record in the decompressed file. */
  readonly offset: number;
  /**
   * The fully parsed record (parsed once, then cached).
   * @throws RecordParseError when the record's bytes are not valid JSON
   */
  record(): CloudTrailRecord;
  /** The record's raw UTF-8 JSON bytes, where the view has them (the streaming reader's do). */
  bytes?(): Buffer;
  /**
   * Where a member's value starts in `bytes()`, for the members whose places the reader noted
   * while splitting: -1 when the record has no such member, undefined when the place is not
   * known (then a scan of the bytes finds it).
   * @param key - a top-level key, or with `within` a key of that object
   * @param within - `userIdentity` or `userIdentity.sessionContext`, for a member of that object
   */
  valueStart?(key: string, within?: LocatedParent): number | undefined;
};

/** The objects below the top level whose members' places the reader notes. */
export type LocatedParent = 'userIdentity' | 'userIdentity.sessionContext';

/** Builds a view over an already parsed record (EventBridge, LookupEvents, CloudWatch Logs sources). */
export const viewOf = (record: CloudTrailRecord, index = 0): RecordView => ({
  head: headOf(record),
  index,
  offset: 0,
  record: () => record,
});

/** The head fields of a parsed record, with Insights records' source and name lifted from insightDetails. */
export const headOf = (record: CloudTrailRecord): RecordHead => ({
  eventVersion: record.eventVersion,
  eventTime: record.eventTime,
  eventSource: record.eventSource ?? record.insightDetails?.eventSource,
  eventName: record.eventName ?? record.insightDetails?.eventName,
  eventType: record.eventType,
  eventCategory: record.eventCategory,
  awsRegion: record.awsRegion,
  recipientAccountId: record.recipientAccountId,
  errorCode: record.errorCode,
  eventID: record.eventID ?? record.eventId,
  readOnly: record.readOnly,
  managementEvent: record.managementEvent,
  userAgent: record.userAgent,
  sourceIPAddress: record.sourceIPAddress,
  userIdentityType: record.userIdentity?.type,
  userIdentityArn: record.userIdentity?.arn,
  userIdentityInvokedBy: record.userIdentity?.invokedBy,
  userIdentityAccountId: record.userIdentity?.accountId,
  userIdentityAccessKeyId: record.userIdentity?.accessKeyId,
});
