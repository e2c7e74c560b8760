import { memoryIncidentStore } from '../../lib/incidents/memory-store.js';
import { describeIncidentStoreContract } from './incident-store-contract.js';

describeIncidentStoreContract('the memory store', async (now) => memoryIncidentStore(undefined, now));
