// One Lambda process for the benchmark, as the nodejs runtime runs the packaged function:
//   node bench/lambda-harness.mjs <handler.cjs> <event.json> <invocations> <result.json>
// loads the bundle from the `npx osls package` zip (cold: from process start to the handler being
// ready), then calls the handler with the event `invocations` times; writes
// {"coldMs", "invocationsMs": [...]} to result.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const [handlerPath, eventPath, count, resultPath] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { handler } = require(handlerPath);
// performance.now() counts from the process's time origin, set as Node starts.
const coldMs = performance.now();
const event = JSON.parse(readFileSync(eventPath, 'utf8'));
const invocationsMs = [];
for (let i = 0; i < Number(count); i++) {
  const context = {
    awsRequestId: `bench-${i}`,
    functionName: 'ingest',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:trailwatch-dev-ingest',
    memoryLimitInMB: '1024',
    getRemainingTimeInMillis: () => 300_000,
  };
  const started = performance.now();
  const result = await handler(event, context);
  invocationsMs.push(performance.now() - started);
  if (result?.batchItemFailures?.length) throw new Error(`the invocation failed: ${JSON.stringify(result)}`);
}
writeFileSync(resultPath, JSON.stringify({ coldMs, invocationsMs }));
