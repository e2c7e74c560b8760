/** The parts of an ARN: `arn:partition:service:region:account-id:resource`. */
export type Arn = { partition: string; service: string; region: string; account: string; resource: string };

const ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-[a-z]|aws-eusc):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws)?:(.+)$/;

/**
 * Parses an ARN after https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html,
 * so sinks can tell a real ARN (EventBridge `Resources` must be ARNs) from a principal id or
 * a bucket name.
 * @returns the parts, or undefined when `value` is not an ARN
 * @example parseArn('arn:aws:s3:::my-bucket') // { partition: 'aws', service: 's3', region: '', account: '', resource: 'my-bucket' }
 */
export const parseArn = (value: string): Arn | undefined => {
  if (value.length > 2048 || /\s/.test(value)) return undefined;
  const m = ARN.exec(value);
  if (m === null) return undefined;
  return { partition: m[1] ?? '', service: m[2] ?? '', region: m[3] ?? '', account: m[4] ?? '', resource: m[5] ?? '' };
};

/**
 * The readable tail of an ARN: `user/alice` for `arn:aws:iam::123456789012:user/alice`,
 * `assumed-role/Admin/alice` for an STS session. Non-ARNs come back unchanged.
 */
export const shortArn = (value: string): string => parseArn(value)?.resource ?? value;
