import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import { startFaultEndpoint } from './test/helpers/aws-fault-endpoint.js';
const s = await startFaultEndpoint(() => ({ hang: true }));
const c = new SNSClient({ endpoint: s.endpoint, region: 'us-east-1', maxAttempts: 1, requestHandler: { requestTimeout: 300 } });
console.log((c.config as any).requestHandler?.constructor?.name, (c.config as any).requestHandler?.config);
const t = Date.now();
const timer = setTimeout(() => { console.log('still hanging after 3s'); process.exit(1); }, 3000);
try { await c.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:t', Message: 'x' })); } catch (e: any) { console.log('err', e.name, e.message, Date.now() - t); }
clearTimeout(timer); await s.close();
