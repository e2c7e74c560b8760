import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** AMI block public access disabled: Block public access for AMIs was turned off in a region: images can be made public again. */
export const rule: RuleDefinition = {
  id: 'ec2-image-block-public-access-disabled',
  title: 'AMI block public access disabled',
  description: 'Block public access for AMIs was turned off in a region: images can be made public again.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.001', 'attack.exfiltration', 'attack.t1537'],
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DisableImageBlockPublicAccess.html',
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/block-public-access-to-amis.html',
  ],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['DisableImageBlockPublicAccess'],
  match: (r) => succeeded(r),
};
