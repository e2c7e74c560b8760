import { params, succeeded, viaAwsService } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Lifecycle script attached to a SageMaker notebook: A notebook instance was updated to run a lifecycle configuration: its script runs as root on the next start, with the notebook's execution role. */
export const rule: RuleDefinition = {
  id: 'sagemaker-notebook-lifecycle-config-attached',
  title: 'Lifecycle script attached to a SageMaker notebook',
  description:
    "A notebook instance was updated to run a lifecycle configuration: its script runs as root on the next start, with the notebook's execution role.",
  severity: 'medium',
  tags: ['attack.execution', 'attack.t1651'],
  references: [
    'https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_UpdateNotebookInstance.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.execution.sagemaker-update-lifecycle-config/',
  ],
  eventSource: 'sagemaker.amazonaws.com',
  eventNames: ['UpdateNotebookInstance'],
  match: (r) =>
    succeeded(r) &&
    !viaAwsService(r) &&
    typeof (params(r).lifecycleConfigName ?? params(r).LifecycleConfigName) === 'string',
};
