/**
 * CloudTrail record types, after
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 * Every field is optional at run time (older eventVersions, service events, Insights records);
 * the types say what AWS documents, the reader never trusts them blindly.
 */

export const EVENT_TYPES = [
  'AwsApiCall',
  'AwsServiceEvent',
  'AwsConsoleAction',
  'AwsConsoleSignIn',
  'AwsVpceEvent',
  'AwsCloudTrailInsight',
  'AwsAggregatedEvent',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const EVENT_CATEGORIES = ['Management', 'Data', 'NetworkActivity', 'Insight', 'Aggregated'] as const;
export type EventCategory = (typeof EVENT_CATEGORIES)[number];

export const USER_IDENTITY_TYPES = [
  'Root',
  'IAMUser',
  'AssumedRole',
  'Role',
  'FederatedUser',
  'Directory',
  'AWSAccount',
  'AWSService',
  'IdentityCenterUser',
  'SAMLUser',
  'WebIdentityUser',
  'Unknown',
] as const;
export type UserIdentityType = (typeof USER_IDENTITY_TYPES)[number];

export type SessionIssuer = {
  type?: 'Root' | 'IAMUser' | 'Role' | string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  userName?: string;
};

export type SessionContext = {
  sessionIssuer?: SessionIssuer;
  webIdFederationData?: { federatedProvider?: string; attributes?: Record<string, unknown> };
  attributes?: { creationDate?: string; mfaAuthenticated?: 'true' | 'false' | string };
  sourceIdentity?: string;
  ec2RoleDelivery?: string;
  assumedRoot?: boolean | string;
  signInSessionArn?: string;
};

export type UserIdentity = {
  type?: UserIdentityType | string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  sessionContext?: SessionContext;
  invokedBy?: string;
  invokedByDelegate?: { accountId?: string };
  onBehalfOf?: { userId?: string; identityStoreArn?: string };
  inScopeOf?: { sourceArn?: string; sourceAccount?: string; issuerType?: string; credentialsIssuedTo?: string };
  credentialId?: string;
  identityProvider?: string;
};

export type InsightDetails = {
  state?: 'Start' | 'End';
  eventSource?: string;
  eventName?: string;
  insightType?: 'ApiCallRateInsight' | 'ApiErrorRateInsight' | string;
  errorCode?: string;
  insightContext?: {
    statistics?: {
      baseline?: { average?: number };
      insight?: { average?: number };
      insightDuration?: number;
      baselineDuration?: number;
    };
    attributions?: Array<{
      attribute?: string;
      insight?: Array<{ value?: string; average?: number }>;
      baseline?: Array<{ value?: string; average?: number }>;
    }>;
  };
};

export type CloudTrailResource = { ARN?: string; accountId?: string; type?: string };

/** One CloudTrail event record as it stands in a log file, an EventBridge detail or LookupEvents. */
export type CloudTrailRecord = {
  eventVersion?: string;
  eventTime?: string;
  userIdentity?: UserIdentity;
  eventSource?: string;
  eventName?: string;
  awsRegion?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  requestID?: string;
  eventID?: string;
  eventType?: EventType | 'AwsVpceEvents' | string;
  apiVersion?: string;
  managementEvent?: boolean;
  readOnly?: boolean;
  resources?: CloudTrailResource[];
  recipientAccountId?: string;
  serviceEventDetails?: Record<string, unknown>;
  sharedEventID?: string;
  vpcEndpointId?: string;
  vpcEndpointAccountId?: string;
  eventCategory?: EventCategory | string;
  addendum?: { reason?: string; updatedFields?: string; originalRequestID?: string; originalEventID?: string };
  sessionCredentialFromConsole?: string;
  edgeDeviceDetails?: Record<string, unknown>;
  tlsDetails?: { tlsVersion?: string; cipherSuite?: string; clientProvidedHostHeader?: string; keyExchange?: string };
  eventContext?: Record<string, unknown>;
  insightDetails?: InsightDetails;
  /** Aggregated records (AwsAggregatedEvent) carry these instead of eventID/userIdentity. */
  eventId?: string;
  accountId?: string;
  [extra: string]: unknown;
};
