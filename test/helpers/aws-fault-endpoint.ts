import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP endpoint that speaks just enough of the AWS wire protocols to drive the real
 * SDK through failures: SNS (query protocol, XML responses), EventBridge / Organizations
 * (JSON 1.1) and S3 object reads and writes (REST, path-style). Each request is recorded, parsed,
 * and answered by a test-supplied responder with the exact response shapes AWS documents:
 * - SNS errors: https://docs.aws.amazon.com/sns/latest/api/CommonErrors.html (ErrorResponse XML)
 * - JSON 1.1 errors: `{"__type": "...", "message": "..."}` with x-amzn-RequestId
 * - PutEvents partial failure: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
 */

export type CapturedRequest = {
  /** Zero-based arrival order. */
  index: number;
  service: 'sns' | 'eventbridge' | 'organizations' | 'securityhub' | 's3' | 'unknown';
  /** Query `Action` or the JSON `X-Amz-Target` operation: Publish, PutEvents, ListAccounts; for S3 the HTTP method. */
  action: string;
  /** S3 path-style bucket and key (URL-decoded); empty for the other services. */
  bucket: string;
  key: string;
  /** SNS query parameters. */
  params: URLSearchParams;
  /** JSON 1.1 request body. */
  json: Record<string, unknown> | undefined;
  /**
   * Alert ids the request carries: SNS Message `id`, PutEvents entries' Detail `id` (in order);
   * for Security Hub the findings' `Id`s.
   */
  alertIds: string[];
};

/**
 * An answer, or `{ hang: true }` to never answer. With `cutAfter`, the response announces the whole
 * body in Content-Length, sends only its first `cutAfter` bytes, then closes the connection.
 */
export type Reply =
  | { status: number; headers: Record<string, string>; body: string | Buffer; cutAfter?: number }
  | { hang: true };

export type Responder = (request: CapturedRequest) => Reply;

export type FaultEndpoint = {
  endpoint: string;
  requests: CapturedRequest[];
  replies: Reply[];
  close(): Promise<void>;
};

const idOf = (json: string | undefined | null): string => {
  try {
    const parsed = JSON.parse(json ?? '') as { id?: unknown; finding_info?: { uid?: unknown } };
    return String(parsed.id ?? parsed.finding_info?.uid ?? '?');
  } catch {
    return '?';
  }
};

const parse = (req: IncomingMessage, body: string, index: number): CapturedRequest => {
  const target = String(req.headers['x-amz-target'] ?? '');
  const none = { bucket: '', key: '' };
  if (target !== '') {
    const [prefix, action = ''] = target.split('.');
    const json = JSON.parse(body === '' ? '{}' : body) as Record<string, unknown>;
    const service =
      prefix === 'AWSEvents' ? 'eventbridge' : prefix === 'AWSOrganizationsV20161128' ? 'organizations' : 'unknown';
    const entries = (json.Entries as Array<{ Detail?: string }> | undefined) ?? [];
    return {
      index,
      service,
      action,
      ...none,
      params: new URLSearchParams(),
      json,
      alertIds: entries.map((e) => idOf(e.Detail)),
    };
  }
  if (req.method === 'POST' && req.url === '/findings/import') {
    const json = JSON.parse(body === '' ? '{}' : body) as { Findings?: Array<{ Id?: string }> };
    return {
      index,
      service: 'securityhub',
      action: 'BatchImportFindings',
      ...none,
      params: new URLSearchParams(),
      json,
      alertIds: (json.Findings ?? []).map((f) => String(f.Id)),
    };
  }
  if (req.method !== 'POST') {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [bucket = '', ...key] = url.pathname.slice(1).split('/').map(decodeURIComponent);
    return {
      index,
      service: 's3',
      action: req.method ?? '',
      bucket,
      key: key.join('/'),
      params: url.searchParams,
      json: undefined,
      alertIds: [],
    };
  }
  const params = new URLSearchParams(body);
  const action = params.get('Action') ?? '';
  return {
    index,
    service: 'sns',
    action,
    ...none,
    params,
    json: undefined,
    alertIds: action === 'Publish' ? [idOf(params.get('Message'))] : [],
  };
};

/**
 * Starts the endpoint on 127.0.0.1 with a free port.
 * @param responder - decides each reply; return `{ hang: true }` to never answer (timeout tests),
 * or a reply with `cutAfter` to drop the connection mid-body
 */
export const startFaultEndpoint = async (responder: Responder): Promise<FaultEndpoint> => {
  const requests: CapturedRequest[] = [];
  const replies: Reply[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const captured = parse(req, Buffer.concat(chunks).toString('utf8'), requests.length);
      requests.push(captured);
      const reply = responder(captured);
      replies.push(reply);
      if ('hang' in reply) {
        hanging.add(res);
        return;
      }
      res.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.body) });
      if (reply.cutAfter === undefined) {
        res.end(reply.body);
        return;
      }
      res.write(Buffer.from(reply.body).subarray(0, reply.cutAfter), () => res.socket?.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    replies,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

// --- Security Hub (REST JSON) -----------------------------------------------------------

/**
 * A BatchImportFindings answer: every finding of the request imported but those named in
 * `failed` (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html).
 */
export const importFindingsReply = (
  request: CapturedRequest,
  failed: ReadonlyArray<{ Id: string; ErrorCode: string; ErrorMessage: string }> = []
): Reply => ({
  status: 200,
  headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() },
  body: JSON.stringify({
    FailedCount: failed.length,
    SuccessCount: request.alertIds.length - failed.length,
    FailedFindings: failed,
  }),
});

/** A REST JSON error (Security Hub), e.g. `restJsonError(429, 'TooManyRequestsException', 'Rate exceeded')`. */
export const restJsonError = (status: number, type: string, message: string): Reply => ({
  status,
  headers: { 'content-type': 'application/json', 'x-amzn-errortype': type, 'x-amzn-requestid': randomUUID() },
  body: JSON.stringify({ Code: type, Message: message }),
});

/** Whether a reply accepted the request as a whole (2xx). */
export const accepted = (reply: Reply | undefined): boolean =>
  reply !== undefined && !('hang' in reply) && reply.status < 300;

// --- SNS (query protocol) -------------------------------------------------------------

const xml = (status: number, body: string): Reply => ({
  status,
  headers: { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() },
  body,
});

/** A successful Publish response. */
export const snsPublishOk = (messageId: string = randomUUID()): Reply =>
  xml(
    200,
    `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
  <PublishResult>
    <MessageId>${messageId}</MessageId>
  </PublishResult>
  <ResponseMetadata>
    <RequestId>${randomUUID()}</RequestId>
  </ResponseMetadata>
</PublishResponse>`
  );

/**
 * An SNS error response, e.g. `snsError(400, 'Throttling', 'Rate exceeded')`,
 * `snsError(429, 'Throttled', …)`, `snsError(500, 'InternalError', …, 'Receiver')`.
 */
export const snsError = (
  status: number,
  code: string,
  message: string,
  type: 'Sender' | 'Receiver' = 'Sender'
): Reply =>
  xml(
    status,
    `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
  <Error>
    <Type>${type}</Type>
    <Code>${code}</Code>
    <Message>${message}</Message>
  </Error>
  <RequestId>${randomUUID()}</RequestId>
</ErrorResponse>`
  );

// --- JSON 1.1 (EventBridge, Organizations) ----------------------------------------------

const json11 = (status: number, body: unknown): Reply => ({
  status,
  headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() },
  body: JSON.stringify(body),
});

/** A JSON 1.1 error, e.g. `jsonError(400, 'ThrottlingException', 'Rate exceeded')`, `jsonError(500, 'InternalException', …)`. */
export const jsonError = (status: number, type: string, message: string): Reply =>
  json11(status, { __type: type, message });

/** One PutEvents result entry: accepted (`'ok'`) or failed with an ErrorCode. */
export type EntryOutcome = 'ok' | { ErrorCode: string; ErrorMessage: string };

/** A PutEvents response with FailedEntryCount and one result per request entry, in order. */
export const putEventsReply = (outcomes: readonly EntryOutcome[]): Reply =>
  json11(200, {
    FailedEntryCount: outcomes.filter((o) => o !== 'ok').length,
    Entries: outcomes.map((o) => (o === 'ok' ? { EventId: randomUUID() } : o)),
  });

/** A PutEvents response accepting all `n` entries. */
export const putEventsOk = (n: number): Reply => putEventsReply(Array.from({ length: n }, () => 'ok' as const));

/** The alert ids a run delivered: ids in accepted SNS publishes and accepted PutEvents entries. */
export const deliveredIds = (endpoint: FaultEndpoint): string[] =>
  endpoint.requests.flatMap((request, i) => {
    const reply = endpoint.replies[i];
    if (!accepted(reply) || reply === undefined || 'hang' in reply) return [];
    if (request.action !== 'PutEvents') return request.alertIds;
    const results = (JSON.parse(String(reply.body)) as { Entries: Array<{ EventId?: string }> }).Entries;
    return request.alertIds.filter((_, k) => results[k]?.EventId !== undefined);
  });

// --- S3 (REST) ----------------------------------------------------------------------------

/** How a GetObject answer falls short of the object. */
export type BodyFault =
  /** Content-Length announces the whole object; only the first `cutAfter` bytes are sent, then the connection closes. */
  | { cutAfter: number }
  /** A complete HTTP answer with only the first `servedBytes` bytes (Content-Length agrees); the ETag is still the object's. */
  | { servedBytes: number };

/**
 * A GetObject response: the bytes, their ETag (MD5) and user metadata as `x-amz-meta-*` headers,
 * optionally falling short of the object (`fault`).
 */
export const s3Object = (body: Buffer, metadata: Record<string, string> = {}, fault?: BodyFault): Reply => ({
  status: 200,
  headers: {
    'content-type': 'application/octet-stream',
    etag: `"${createHash('md5').update(body).digest('hex')}"`,
    'x-amz-request-id': randomUUID(),
    ...Object.fromEntries(Object.entries(metadata).map(([k, v]) => [`x-amz-meta-${k}`, v])),
  },
  body: fault !== undefined && 'servedBytes' in fault ? body.subarray(0, fault.servedBytes) : body,
  ...(fault !== undefined && 'cutAfter' in fault && { cutAfter: fault.cutAfter }),
});

/** A PutObject success. */
export const s3PutOk = (): Reply => ({
  status: 200,
  headers: { etag: `"${randomUUID().replace(/-/g, '')}"`, 'x-amz-request-id': randomUUID() },
  body: '',
});

/** An S3 REST error, e.g. `s3Error(404, 'NoSuchKey', 'The specified key does not exist.')`. */
export const s3Error = (status: number, code: string, message: string): Reply => ({
  status,
  headers: { 'content-type': 'application/xml', 'x-amz-request-id': randomUUID() },
  body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${randomUUID()}</RequestId></Error>`,
});
