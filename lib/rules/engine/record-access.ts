import type { RecordView } from '../../cloudtrail/record-view.js';
import { CONTEXT_FIELD, type IpContext, type IpEnricher, type RecordContext } from '../../model/ip-context.js';
import type { CloudTrailRecord } from '../../model/record.js';
import { CLOUDTRAIL_FIELDS, HEAD_FIELDS, IDENTITY_HEAD_FIELDS } from '../constants.js';
import { type FieldPath, resolvePath } from './field-path.js';
import { decodeAt, findKey, isObjectAt, ObjectMembers, stringEqualsAt } from './raw-json.js';
import type { UnitBuffer } from './distinct-values.js';
import { BACKSLASH, QUOTE } from '../../cloudtrail/json-bytes.js';

type RawView = RecordView;

/** The context of a record without an address (never written). */
const NO_CONTEXT: RecordContext = Object.freeze({});

/** At most this many distinct lookup results (and addresses) keep their context object. */
const MAX_CONTEXTS = 4096;

/** The serial of the record last pointed at, by any accessor (see {@link RecordAccess.serial}). */
let lastSerial = 0;

/** Marks a failed raw decode: the caller falls back to the full parse, which reports properly. */
const FALLBACK = Symbol('fallback');

/** The key under which the lazy record gives its RecordAccess (see {@link accessOf}). */
const ACCESS = Symbol('record-access');

/**
 * The RecordAccess behind a lazy record ({@link RecordAccess.lazy}), for helpers that read a
 * member or two of a sub-object (`userIdentity.accessKeyId`) without decoding all of it;
 * undefined for a plain parsed record.
 * @param record - what a rule's match function was given
 */
export const accessOf = (record: object): RecordAccess | undefined => (record as { [ACCESS]?: RecordAccess })[ACCESS];

/**
 * What rules read a record through: head fields for free, any other field by decoding only
 * its bytes (when the view exposes them), the full parse only on demand. One instance is
 * reused for every record of a file (`reset`), so reading allocates little per record.
 *
 * `lazy()` is a record-shaped Proxy for code written against CloudTrailRecord (TypeScript
 * rules, dedup functions): each property read decodes just that field. It is valid only until
 * the next `reset`; nothing may keep it.
 *
 * With an enricher, the record has one virtual top-level field, `context` (lib/model/ip-context.ts):
 * `context.sourceIPAddress` is looked up the first time a rule reads it and kept for the record,
 * so records no rule asks about cost nothing.
 */
export class RecordAccess {
  head: Readonly<Record<string, unknown>> = {};
  /** Whether the current record was fully parsed. */
  parsed = false;
  /**
   * Tells one record from the next, for caches kept beside the accessor: a new number at each
   * `reset`, never the same as another accessor's current record's (a small integer that wraps
   * after a billion records).
   */
  serial = 0;
  /**
   * Whether the record came from the reader with its raw bytes: then the head's
   * `userIdentity*` fields are what the record says for those members (see {@link headReader}).
   */
  hasBytes = false;
  #view: RawView | undefined;
  #bytes: Buffer | undefined;
  /** The record's top-level members, found as far as rules asked. */
  readonly #members = new ObjectMembers();
  /** The members of the record's `userIdentity`, found as far as rules asked (see #memberAt). */
  readonly #identity = new ObjectMembers();
  /** The record (`serial`) #identity was set for. */
  #identitySerial = -1;
  /**
   * The members of the record's `requestParameters`, found as far as rules asked: the rules of
   * one call read several of them (a bucket and a key, a policy and its name), each walk going
   * on from where the last stopped instead of from the object's start.
   */
  readonly #params = new ObjectMembers();
  /** The record (`serial`) #params was set for. */
  #paramsSerial = -1;
  /** Where the record's `userIdentity` value starts (-1: absent), for the record `#identityStartSerial`. */
  #identityStart = -1;
  #identityStartSerial = -1;
  /** The segment of the path {@link RecordAccess.#seek} was given at which the walk goes on. */
  #from = 1;
  /**
   * Top-level values decoded so far for the current record: the first `#fieldCount` entries of
   * two tiny lists (cheaper than a Map to reset per record). A reset only sets the count back,
   * since truncating an array is a runtime call in V8; the entries past it are overwritten by the
   * next record's decodes (until then they keep at most a few decoded values alive).
   */
  readonly #fieldNames: string[] = [];
  readonly #fieldValues: unknown[] = [];
  #fieldCount = 0;
  readonly #proxy: CloudTrailRecord;
  readonly #fields: CloudTrailRecord;
  readonly #enricher: IpEnricher | undefined;
  /** Records whose `sourceIPAddress` a rule read and found no address, AWS service or `AWS Internal`. */
  invalidSourceIps = 0;
  /** The current record's context, once read (`null`: not yet). */
  #context: RecordContext | null = null;
  /** Contexts by lookup result (see #contextOf). */
  readonly #contexts = new Map<IpContext, RecordContext>();
  /**
   * Contexts by address, for the records of this accessor (a file's): each distinct address is
   * looked up once, and every other record from it costs one map read (the reader hands the same
   * string for the same address bytes, so its hash is computed once).
   */
  readonly #byAddress = new Map<string, RecordContext>();

  /** @param enricher - gives the virtual `context` field; without it, `context` reads as absent */
  constructor(enricher?: IpEnricher) {
    this.#enricher = enricher;
    this.#fields = new FieldReads(this) as unknown as CloudTrailRecord;
    const field = (key: string | symbol) => (typeof key === 'string' ? this.field(key) : undefined);
    this.#proxy = new Proxy({} as CloudTrailRecord, {
      get: (_target, key) => (key === ACCESS ? this : field(key)),
      has: (_target, key) => field(key) !== undefined,
      ownKeys: () => {
        const keys = Reflect.ownKeys(this.record());
        return this.#enricher && !keys.includes(CONTEXT_FIELD) ? [...keys, CONTEXT_FIELD] : keys;
      },
      getOwnPropertyDescriptor: (_target, key) => {
        const value = field(key);
        return value === undefined ? undefined : { value, enumerable: true, configurable: true, writable: false };
      },
    });
  }

  /**
   * Points the accessor at another record.
   * @param view - the record's view
   */
  reset(view: RecordView): void {
    this.#view = view as RawView;
    lastSerial = lastSerial === 0x3fffffff ? 1 : lastSerial + 1;
    this.serial = lastSerial;
    this.head = view.head;
    this.parsed = false;
    this.#context = null;
    this.#bytes = (view as RawView).bytes?.();
    this.hasBytes = this.#bytes !== undefined;
    this.#fieldCount = 0;
    if (this.#bytes !== undefined) this.#members.reset(this.#bytes, 0);
  }

  /** The full record (parsed once per record by the view). */
  record(): CloudTrailRecord {
    this.parsed = true;
    return (this.#view as RecordView).record();
  }

  /**
   * A copy of the current record to decode later: the raw bytes when there are any (a copy is
   * cheaper than a parse, and most snapshots are never read), else the parsed record.
   * @returns a function that gives the full record, or throws SyntaxError on invalid JSON
   */
  snapshot(): () => CloudTrailRecord {
    if (this.parsed || !this.#bytes) {
      const record = this.record();
      return () => record;
    }
    const copy = Buffer.from(this.#bytes);
    return () => JSON.parse(copy.toString('utf8')) as CloudTrailRecord;
  }

  /** The record-shaped lazy Proxy (see the class comment); the parsed record itself when there is no virtual field. */
  lazy(): CloudTrailRecord {
    return this.parsed && !this.#enricher ? this.record() : this.#proxy;
  }

  /**
   * The current record for code that only reads its properties (the built-in rules' functions):
   * each read decodes just that field, like {@link RecordAccess.lazy}, but through plain getters
   * instead of a Proxy's traps, a tenth of the cost a read. It cannot be enumerated
   * (`Object.keys`, spreading and `JSON.stringify` see no fields) and `in` does not tell present
   * fields from absent ones. Valid only until the next `reset`; nothing may keep it. Like
   * `lazy()`, it is the parsed record itself once the record was parsed, when there is no
   * enricher to add the virtual `context`.
   */
  fields(): CloudTrailRecord {
    // As lazy(): once parsed, and with no virtual field to add, the parsed record itself.
    return this.parsed && !this.#enricher ? this.record() : this.#fields;
  }

  /**
   * The current record's context (computed on first read, then kept until the next `reset`).
   * @returns undefined without an enricher
   */
  context(): RecordContext | undefined {
    if (!this.#enricher) return undefined;
    if (this.#context === null) {
      const address = this.head.sourceIPAddress;
      let context = typeof address === 'string' ? this.#byAddress.get(address) : undefined;
      if (context === undefined) {
        const sourceIPAddress = this.#enricher.lookup(address);
        context = sourceIPAddress ? this.#contextOf(sourceIPAddress) : NO_CONTEXT;
        if (typeof address === 'string') {
          if (this.#byAddress.size >= MAX_CONTEXTS) this.#byAddress.clear();
          this.#byAddress.set(address, context);
        }
      }
      if (context.sourceIPAddress?.kind === 'invalid') this.invalidSourceIps++;
      this.#context = context;
    }
    return this.#context;
  }

  /**
   * The context of an address's lookup: one frozen object per lookup result (the enricher shares
   * its results too), so records from the same addresses allocate none.
   */
  #contextOf(sourceIPAddress: IpContext): RecordContext {
    let context = this.#contexts.get(sourceIPAddress);
    if (context === undefined) {
      if (this.#contexts.size >= MAX_CONTEXTS) this.#contexts.clear();
      context = Object.freeze({ sourceIPAddress });
      this.#contexts.set(sourceIPAddress, context);
    }
    return context;
  }

  /**
   * A top-level field.
   * @param name - the field name
   */
  field(name: string): unknown {
    if (HEAD_FIELDS.has(name)) return this.head[name];
    // Virtual: never in the record's bytes (a search for it would scan the whole record).
    if (name === CONTEXT_FIELD) return this.context();
    if (this.parsed || !this.#bytes) return (this.record() as Record<string, unknown>)[name];
    const cached = this.#decoded(name);
    if (cached >= 0) return this.#fieldValues[cached];
    const start = this.#start(name);
    const value = start < 0 ? undefined : this.#decode(start);
    if (value === FALLBACK) return (this.record() as Record<string, unknown>)[name];
    const k = this.#fieldCount++;
    this.#fieldNames[k] = name;
    this.#fieldValues[k] = value;
    return value;
  }

  /** Where a top-level field decoded for the current record is in #fieldValues, or -1. */
  #decoded(name: string): number {
    const names = this.#fieldNames;
    for (let k = 0; k < this.#fieldCount; k++) if (names[k] === name) return k;
    return -1;
  }

  /**
   * The current record's raw bytes (UTF-8 JSON), for a reader that scans one value without
   * decoding it ({@link RecordAccess.rawStart}); undefined once parsed or without raw bytes.
   */
  rawBytes(): Buffer | undefined {
    return this.parsed ? undefined : this.#bytes;
  }

  /**
   * Where a top-level field's value starts in {@link RecordAccess.rawBytes} (-1: the record has
   * no such field), as {@link RecordAccess.field} finds it; undefined when that field is not read
   * from the raw bytes (a head or virtual field, a parsed record, no raw bytes).
   * @param name - the field name
   */
  rawStart(name: string): number | undefined {
    if (this.parsed || !this.#bytes || HEAD_FIELDS.has(name) || name === CONTEXT_FIELD) return undefined;
    return this.#start(name);
  }

  /**
   * The value at a path, with resolvePath's semantics (values collected across arrays).
   * @param path - the segments; an empty path is the whole (lazy) record
   */
  path(path: FieldPath): unknown {
    if (path.length === 0) return this.lazy();
    const first = path[0] as string;
    if (path.length === 1) return this.field(first);
    // The context holds objects and scalars only: plain property reads resolve it as resolvePath would.
    if (first === CONTEXT_FIELD) return chain(this.context(), path);
    const headKey = this.#identityHead(path);
    if (headKey !== undefined) return this.head[headKey];
    if (HEAD_FIELDS.has(first) || this.parsed || !this.#bytes) return resolvePath(this.field(first), path, 1);
    const cached = this.#decoded(first);
    if (cached >= 0) return resolvePath(this.#fieldValues[cached], path, 1);
    const bytes = this.#bytes;
    let at = this.#seek(path);
    for (let i = this.#from; at >= 0 && i < path.length; i++) {
      if (!isObjectAt(bytes, at)) {
        const value = this.#decode(at);
        return value === FALLBACK ? resolvePath(this.record(), path) : resolvePath(value, path, i);
      }
      at = this.#memberAt(bytes, at, path, i);
    }
    if (at < 0) return undefined;
    const value = this.#decode(at);
    return value === FALLBACK ? resolvePath(this.record(), path) : value;
  }

  /**
   * The value at a path read as a chain of plain property reads
   * (`record.userIdentity?.sessionContext?.sessionIssuer?.arn`): undefined as soon as a step is
   * absent or not an object; unlike {@link RecordAccess.path}, nothing is collected across
   * arrays. Only the members on the way are looked up in the raw bytes, and only the last value
   * is decoded; `userIdentity.type/arn/invokedBy/accountId/accessKeyId` come from the reader's head, as
   * {@link RecordAccess.path} reads them.
   * @param path - at least two segments, none numeric, the first a record field
   */
  member(path: FieldPath): unknown {
    const first = path[0] as string;
    // The head is what the record says for these members, as for `path` and `field`.
    const headKey = this.#identityHead(path);
    if (headKey !== undefined) return this.head[headKey];
    if (HEAD_FIELDS.has(first) || first === CONTEXT_FIELD || this.parsed || !this.#bytes)
      return chain(this.field(first), path);
    const cached = this.#decoded(first);
    if (cached >= 0) return chain(this.#fieldValues[cached], path);
    const bytes = this.#bytes;
    let at = this.#seek(path);
    for (let i = this.#from; at >= 0 && i < path.length; i++)
      at = isObjectAt(bytes, at) ? this.#memberAt(bytes, at, path, i) : -1;
    if (at < 0) return undefined;
    const value = this.#decode(at);
    return value === FALLBACK ? chain(this.record(), path, 0) : value;
  }

  /**
   * Appends the code units of the string at a path to `into`, read from the raw bytes without
   * decoding, when that gives exactly what {@link RecordAccess.path} would decode: the value is
   * a string of printable ASCII without escapes, found in the bytes as `path` finds it. Returns
   * false, leaving `into` as it was, for anything else (head fields, absent values, other
   * values, no raw bytes, a parsed record): read those through `path`.
   * @param path - at least one segment
   * @param into - where the units go
   */
  appendRawString(path: FieldPath, into: UnitBuffer): boolean {
    const bytes = this.#bytes;
    if (bytes === undefined || this.parsed || path.length === 0) return false;
    const first = path[0] as string;
    if (HEAD_FIELDS.has(first) || first === CONTEXT_FIELD || this.#identityHead(path) !== undefined) return false;
    let at = this.#start(first);
    for (let i = 1; at >= 0 && i < path.length; i++)
      at = isObjectAt(bytes, at) ? this.#memberAt(bytes, at, path, i) : -1;
    if (at < 0 || bytes[at] !== QUOTE) return false;
    let units = into.units;
    const from = into.length;
    let n = from;
    for (let i = at + 1; i < bytes.length; i++) {
      const c = bytes[i] as number;
      if (c === QUOTE) {
        into.length = n;
        return true;
      }
      // An escape, a control byte or a multi-byte character: decode instead (as `path` does).
      if (c === BACKSLASH || c < 0x20 || c > 0x7e) {
        into.length = from;
        return false;
      }
      if (n === units.length) {
        into.length = n;
        into.reserve(1);
        units = into.units;
      }
      units[n++] = c;
    }
    into.length = from;
    return false;
  }

  /**
   * Whether the string at a path equals one of `values`, compared on the raw bytes; `undefined`
   * when that cannot be told without decoding (no raw bytes, not a plain string, absent).
   * @param path - at least one segment, none numeric
   * @param values - ASCII candidates
   */
  stringEquals(path: FieldPath, values: readonly string[]): boolean | undefined {
    if (path[0] === CONTEXT_FIELD) return undefined;
    const headKey = this.#identityHead(path);
    if (headKey !== undefined) {
      const value = this.head[headKey];
      return typeof value === 'string' ? values.includes(value) : undefined;
    }
    if (this.parsed || !this.#bytes) return undefined;
    const bytes = this.#bytes;
    let at = this.#seek(path);
    for (let i = this.#from; at >= 0 && i < path.length; i++)
      at = isObjectAt(bytes, at) ? this.#memberAt(bytes, at, path, i) : -1;
    return at < 0 ? undefined : stringEqualsAt(bytes, at, values);
  }

  /**
   * The head field that holds `userIdentity.type/arn/invokedBy/accountId/accessKeyId`, which the
   * reader extracted while splitting (only views with raw bytes come from the reader); undefined
   * for any other path.
   */
  #identityHead(path: FieldPath): string | undefined {
    if (path.length !== 2 || path[0] !== 'userIdentity' || !this.#bytes) return undefined;
    return IDENTITY_HEAD_FIELDS.get(path[1] as string);
  }

  /**
   * Where the value of `path[i]` starts in the object at `at` (the value of `path[i - 1]`), or -1.
   * Members of `userIdentity` and `requestParameters` are found through {@link ObjectMembers} kept
   * for the record, so rules asking about several of their members (`sessionContext`,
   * `inScopeOf`, twice; a bucket and a key) walk each once.
   */
  #memberAt(bytes: Buffer, at: number, path: FieldPath, i: number): number {
    if (i !== 1) return findKey(bytes, at, path[i] as string);
    const first = path[0];
    if (first === 'requestParameters') {
      if (this.#paramsSerial !== this.serial) {
        this.#params.reset(bytes, at);
        this.#paramsSerial = this.serial;
      }
      return this.#params.find(path[1] as string);
    }
    if (first !== 'userIdentity') return findKey(bytes, at, path[i] as string);
    if (this.#identitySerial !== this.serial) {
      this.#identity.reset(bytes, at);
      this.#identitySerial = this.serial;
    }
    return this.#identity.find(path[1] as string);
  }

  /**
   * Where the walk along `path` starts: the value of the deepest prefix whose place the reader
   * noted (`userIdentity.<key>`, `userIdentity.sessionContext.<key>`), else of its top-level key;
   * `#from` is then the index of the first segment still to walk.
   */
  #seek(path: FieldPath): number {
    const view = this.#view;
    if (path[0] === 'userIdentity' && path.length > 1 && view?.valueStart !== undefined) {
      const key = path[1] as string;
      if (path.length > 2 && key === 'sessionContext') {
        const at = view.valueStart(path[2] as string, 'userIdentity.sessionContext');
        if (at !== undefined) {
          this.#from = 3;
          return at;
        }
      }
      const at = view.valueStart(key, 'userIdentity');
      if (at !== undefined) {
        this.#from = 2;
        return at;
      }
    }
    this.#from = 1;
    return this.#start(path[0] as string);
  }

  /** Where a top-level key's value starts (-1 when absent); remembered per record. */
  #start(name: string): number {
    if (name !== 'userIdentity') return this.#view?.valueStart?.(name) ?? this.#members.find(name);
    // Read by many rules' paths per record: found once.
    if (this.#identityStartSerial !== this.serial) {
      this.#identityStart = this.#view?.valueStart?.(name) ?? this.#members.find(name);
      this.#identityStartSerial = this.serial;
    }
    return this.#identityStart;
  }

  #decode(start: number): unknown {
    try {
      return decodeAt(this.#bytes as Buffer, start);
    } catch {
      return FALLBACK;
    }
  }
}

/**
 * What {@link RecordAccess.fields} hands out: one instance per RecordAccess, its prototype a
 * getter per CloudTrail field (head fields straight from the head), and above that a Proxy for
 * any other name, so every read gives what the RecordAccess's `field` gives.
 */
class FieldReads {
  readonly [ACCESS]: RecordAccess;

  constructor(access: RecordAccess) {
    this[ACCESS] = access;
  }

  // The head fields (constants.ts HEAD_FIELDS), written out: a named read of the head each,
  // which V8 keeps monomorphic, where one shared getter would read a computed key.
  get eventVersion(): unknown {
    return this[ACCESS].head.eventVersion;
  }

  get eventTime(): unknown {
    return this[ACCESS].head.eventTime;
  }

  get eventSource(): unknown {
    return this[ACCESS].head.eventSource;
  }

  get eventName(): unknown {
    return this[ACCESS].head.eventName;
  }

  get eventType(): unknown {
    return this[ACCESS].head.eventType;
  }

  get eventCategory(): unknown {
    return this[ACCESS].head.eventCategory;
  }

  get awsRegion(): unknown {
    return this[ACCESS].head.awsRegion;
  }

  get recipientAccountId(): unknown {
    return this[ACCESS].head.recipientAccountId;
  }

  get errorCode(): unknown {
    return this[ACCESS].head.errorCode;
  }

  get eventID(): unknown {
    return this[ACCESS].head.eventID;
  }

  get readOnly(): unknown {
    return this[ACCESS].head.readOnly;
  }

  get managementEvent(): unknown {
    return this[ACCESS].head.managementEvent;
  }

  get userAgent(): unknown {
    return this[ACCESS].head.userAgent;
  }

  get sourceIPAddress(): unknown {
    return this[ACCESS].head.sourceIPAddress;
  }
}

/** Reads of names that are no CloudTrail field: through the record's `field`, as the lazy Proxy reads them. */
const OTHER_FIELDS = new Proxy(Object.create(null) as object, {
  get: (_target, key, receiver: FieldReads) => (typeof key === 'string' ? receiver[ACCESS].field(key) : undefined),
});
Object.setPrototypeOf(FieldReads.prototype, OTHER_FIELDS);
for (const name of CLOUDTRAIL_FIELDS) {
  if (Object.hasOwn(FieldReads.prototype, name)) continue;
  const get = HEAD_FIELDS.has(name)
    ? function (this: FieldReads) {
        return this[ACCESS].head[name];
      }
    : name === CONTEXT_FIELD
      ? function (this: FieldReads) {
          return this[ACCESS].context();
        }
      : function (this: FieldReads) {
          return this[ACCESS].field(name);
        };
  Object.defineProperty(FieldReads.prototype, name, { get, configurable: false, enumerable: false });
}

/** What {@link headReader}'s functions read: a RecordAccess, or anything with its head, path and hasBytes. */
export type HeadInput = {
  readonly head: Readonly<Record<string, unknown>>;
  readonly hasBytes?: boolean;
  path(path: FieldPath): unknown;
};

type Read = (input: HeadInput) => unknown;

/** A named read of each head field: one function each, so V8 keeps every read monomorphic. */
const HEAD_READS: Readonly<Record<string, Read>> = {
  eventVersion: (i) => i.head.eventVersion,
  eventTime: (i) => i.head.eventTime,
  eventSource: (i) => i.head.eventSource,
  eventName: (i) => i.head.eventName,
  eventType: (i) => i.head.eventType,
  eventCategory: (i) => i.head.eventCategory,
  awsRegion: (i) => i.head.awsRegion,
  recipientAccountId: (i) => i.head.recipientAccountId,
  errorCode: (i) => i.head.errorCode,
  eventID: (i) => i.head.eventID,
  readOnly: (i) => i.head.readOnly,
  managementEvent: (i) => i.head.managementEvent,
  userAgent: (i) => i.head.userAgent,
  sourceIPAddress: (i) => i.head.sourceIPAddress,
};

const IDENTITY_TYPE = ['userIdentity', 'type'];
const IDENTITY_ARN = ['userIdentity', 'arn'];
const IDENTITY_INVOKED_BY = ['userIdentity', 'invokedBy'];
const IDENTITY_ACCOUNT_ID = ['userIdentity', 'accountId'];
const IDENTITY_ACCESS_KEY_ID = ['userIdentity', 'accessKeyId'];

/** The same for the head's `userIdentity` members, which hold only for records with raw bytes (as `path` reads them). */
const IDENTITY_READS: Readonly<Record<string, Read>> = {
  type: (i) => (i.hasBytes === true ? i.head.userIdentityType : i.path(IDENTITY_TYPE)),
  arn: (i) => (i.hasBytes === true ? i.head.userIdentityArn : i.path(IDENTITY_ARN)),
  invokedBy: (i) => (i.hasBytes === true ? i.head.userIdentityInvokedBy : i.path(IDENTITY_INVOKED_BY)),
  accountId: (i) => (i.hasBytes === true ? i.head.userIdentityAccountId : i.path(IDENTITY_ACCOUNT_ID)),
  accessKeyId: (i) => (i.hasBytes === true ? i.head.userIdentityAccessKeyId : i.path(IDENTITY_ACCESS_KEY_ID)),
};

/**
 * A function that reads `path` as {@link RecordAccess.path} does, for the paths the reader's
 * head carries (a head field; `userIdentity.type/arn/invokedBy/accountId/accessKeyId`, from the
 * head for a record with raw bytes), through a named read of the head instead of a lookup by
 * name: one function per field, so each read stays monomorphic however many rules read fields.
 * @param path - a field path
 * @returns undefined for any other path
 */
export const headReader = (path: FieldPath): Read | undefined => {
  const first = path[0] as string;
  if (path.length === 1) return HEAD_FIELDS.has(first) ? HEAD_READS[first] : undefined;
  if (path.length !== 2 || first !== 'userIdentity' || !IDENTITY_HEAD_FIELDS.has(path[1] as string)) return undefined;
  return IDENTITY_READS[path[1] as string];
};

/** Plain property reads along `path` from `value` (the value of `path[from - 1]`). */
const chain = (value: unknown, path: FieldPath, from = 1): unknown => {
  let current = value;
  for (let i = from; i < path.length; i++) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[path[i] as string];
  }
  return current;
};
