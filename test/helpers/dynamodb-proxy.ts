import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A DynamoDB JSON 1.0 request the proxy saw: its operation and body. */
export type DynamoDbCall = { action: string; json: Record<string, unknown> };

/** An answer of the proxy's own instead of the target's. */
export type DynamoDbReply = { status: number; body: unknown };

export type DynamoDbProxy = { endpoint: string; calls: DynamoDbCall[]; close(): Promise<void> };

/**
 * A pass-through to a DynamoDB endpoint (moto) that lets a test answer chosen calls itself:
 * throttling, unprocessed keys. Replies carry the JSON 1.0 error shape
 * `{"__type": "com.amazonaws.dynamodb.v20120810#<Code>", "message": …}` that DynamoDB sends
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html).
 * @param target - where calls the test does not answer go
 * @param answer - the reply for a call, or undefined to forward it
 * @param hold - awaited before a call is answered or forwarded: lets a test order concurrent calls
 */
export const startDynamoDbProxy = async (
  target: string,
  answer: (call: DynamoDbCall, index: number) => DynamoDbReply | undefined,
  hold?: (call: DynamoDbCall) => Promise<void>
): Promise<DynamoDbProxy> => {
  const calls: DynamoDbCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const call: DynamoDbCall = {
        action: String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '',
        json: JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>,
      };
      calls.push(call);
      const index = calls.length - 1;
      await hold?.(call);
      const own = answer(call, index);
      if (own !== undefined) {
        const text = JSON.stringify(own.body);
        res.writeHead(own.status, {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-requestid': `proxy-${calls.length}`,
          'content-length': Buffer.byteLength(text),
        });
        res.end(text);
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([name]) => name !== 'host' && name !== 'content-length')
      ) as Record<string, string>;
      try {
        const forwarded = await fetch(target, { method: 'POST', headers, body });
        const text = Buffer.from(await forwarded.arrayBuffer());
        res.writeHead(forwarded.status, {
          'content-type': forwarded.headers.get('content-type') ?? 'application/x-amz-json-1.0',
          'content-length': text.length,
        });
        res.end(text);
      } catch (error) {
        res.writeHead(502).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

/** DynamoDB's error body for `code`. */
export const dynamoDbError = (status: number, code: string, message: string): DynamoDbReply => ({
  status,
  body: { __type: `com.amazonaws.dynamodb.v20120810#${code}`, message },
});

/** A TransactWriteItems cancelled with one reason code per item (`None` for an item that was fine). */
export const transactionCanceled = (codes: readonly string[]): DynamoDbReply => ({
  status: 400,
  body: {
    __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    CancellationReasons: codes.map((Code) => ({ Code })),
  },
});
