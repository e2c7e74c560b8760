import { describe, expect, it } from 'vitest';
import { userAgentFamily } from '../../../lib/rules/cases/case-variety.js';

describe('userAgentFamily', () => {
  it('reads S3 bracketed user agents as the client inside the brackets', () => {
    // Prepare: S3 writes the caller's user agent in brackets
    const cli = {
      userAgent: '[aws-cli/2.22.35 md/awscrt#0.23.4 ua/2.0 os/linux#6.8.0 md/command#s3api.put-bucket-versioning]',
    };
    const boto = { userAgent: '[Boto3/1.35.90 md/Botocore#1.35.90 ua/2.0 os/linux#6.1.119 lang/python#3.12.8]' };
    // Act, Assess
    expect(userAgentFamily(cli)).toBe('cli');
    expect(userAgentFamily(boto)).toBe('sdk');
    expect(userAgentFamily({ userAgent: 'aws-cli/2.22.35 md/awscrt#0.23.4' })).toBe('cli');
  });
});
