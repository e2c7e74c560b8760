import { describe, expect, it } from 'vitest';
import { createAlertSink } from '../../lib/alerts/create-alert-sink.js';
import { loadAlertSinkConfig } from '../../lib/config/alerts.js';

describe('loadAlertSinkConfig for Security Hub', () => {
  it('leaves Security Hub off by default', () => {
    // Act
    const config = loadAlertSinkConfig({});
    // Assess
    expect(config.securityHub).toBeUndefined();
    expect(createAlertSink({ ...config, fallback: 'none' }).destinations).toEqual([]);
  });

  it('turns it on with ALERT_SECURITY_HUB=true, with its account and minimum severity', () => {
    // Act
    const config = loadAlertSinkConfig({
      ALERT_SECURITY_HUB: 'TRUE',
      ALERT_SECURITY_HUB_ACCOUNT: '123456789012',
      ALERT_MIN_SEVERITY_SECURITY_HUB: 'high',
    });
    // Assess
    expect(config).toMatchObject({
      securityHub: true,
      securityHubAccount: '123456789012',
      minSeveritySecurityHub: 'high',
    });
    expect(createAlertSink(config).destinations).toEqual(['securityhub']);
  });

  it.each([
    [{ ALERT_SECURITY_HUB: 'yes' }, "ALERT_SECURITY_HUB must be true or false, got 'yes'"],
    [{ ALERT_SECURITY_HUB_ACCOUNT: '1234' }, "ALERT_SECURITY_HUB_ACCOUNT must be a 12-digit account id, got '1234'"],
    [{ ALERT_MIN_SEVERITY_SECURITY_HUB: 'urgent' }, 'ALERT_MIN_SEVERITY_SECURITY_HUB must be one of'],
  ])('refuses %o naming the variable', (env, message) => {
    // Act, Assess
    expect(() => loadAlertSinkConfig(env)).toThrow(message);
  });
});
