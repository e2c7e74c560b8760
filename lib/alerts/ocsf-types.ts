/**
 * The part of OCSF 1.3.0 that trailwatch emits: a Detection Finding (class 2004) with the
 * cloud profile. Field names follow
 * https://schema.ocsf.io/1.3.0/classes/detection_finding (mirrored at
 * https://docs.tenzir.com/reference/ocsf/1-3-0/classes/detection_finding).
 */
export const OCSF_VERSION = '1.3.0';

/** OCSF `account`: an AWS account (type_id 10). */
export type OcsfAccount = { uid: string; name?: string; type_id: 10; type: 'AWS Account' };

/** OCSF `user`: the principal, uid its ARN. */
export type OcsfUser = {
  uid: string;
  name?: string;
  /** 0 Unknown, 1 User, 2 Admin, 3 System, 99 Other. */
  type_id: 0 | 1 | 2 | 3 | 99;
  type?: string;
  account?: OcsfAccount;
  credential_uid?: string;
};

/** OCSF `actor`: who acted, and through which service. */
export type OcsfActor = { user?: OcsfUser; invoked_by?: string };

/** OCSF `attack`: MITRE ATT&CK tactic, technique and sub-technique. */
export type OcsfAttack = {
  tactic?: { uid: string; name: string };
  technique?: { uid: string; name?: string };
  sub_technique?: { uid: string; name?: string };
};

/** OCSF `resource_details`: an affected resource, uid its ARN. */
export type OcsfResource = { uid: string; name?: string; type?: string; region?: string; cloud_partition?: string };

/** OCSF `evidences`: the API call, its source and the matching event ids. */
export type OcsfEvidence = {
  actor?: OcsfActor;
  api?: {
    operation: string;
    service?: { name: string };
    request?: { uid: string };
    response?: { error?: string; error_message?: string };
  };
  /**
   * OCSF Network Endpoint: the address (or the AWS service's name as `domain`), and from the
   * offline context (docs/context.md) its `autonomous_system` and `location.country`.
   */
  src_endpoint?: {
    ip?: string;
    domain?: string;
    autonomous_system?: { number?: number; name?: string };
    location?: { country: string };
  };
  data?: Record<string, unknown>;
};

/** An OCSF Detection Finding as trailwatch writes it (optional fields omitted when unknown). */
export type OcsfDetectionFinding = {
  /** 1 Create (a new finding, an incident opening), 2 Update (an incident escalating). */
  activity_id: 1 | 2;
  activity_name: 'Create' | 'Update';
  category_uid: 2;
  category_name: 'Findings';
  class_uid: 2004;
  class_name: 'Detection Finding';
  /** class_uid · 100 + activity_id. */
  type_uid: 200401 | 200402;
  type_name: 'Detection Finding: Create' | 'Detection Finding: Update';
  /** 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical. */
  severity_id: 1 | 2 | 3 | 4 | 5;
  severity: 'Informational' | 'Low' | 'Medium' | 'High' | 'Critical';
  status_id: 1;
  status: 'New';
  /** Epoch milliseconds. */
  time: number;
  start_time: number;
  end_time: number;
  count: number;
  message: string;
  metadata: {
    version: string;
    uid: string;
    product: { name: 'trailwatch'; vendor_name: 'trailwatch'; version: string };
    labels?: string[];
  };
  finding_info: {
    uid: string;
    title: string;
    desc?: string;
    types: string[];
    first_seen_time: number;
    last_seen_time: number;
    analytic: { uid: string; name: string; type_id: 1; type: 'Rule' };
    attacks?: OcsfAttack[];
    data_sources: string[];
    related_events?: Array<{ uid: string }>;
  };
  cloud: { provider: 'AWS'; region?: string; account?: OcsfAccount };
  actor?: OcsfActor;
  resources?: OcsfResource[];
  evidences?: OcsfEvidence[];
  unmapped?: Record<string, unknown>;
};
