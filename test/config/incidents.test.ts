import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../lib/config/index.js';

describe('the incidents settings section', () => {
  it('names no table when INCIDENT_TABLE is unset or blank', () => {
    // Act
    const unset = loadSettings({}).incidents;
    const blank = loadSettings({ INCIDENT_TABLE: '  ' }).incidents;
    // Assess
    expect([unset, blank]).toEqual([{ learningDays: 7 }, { learningDays: 7 }]);
  });

  it('reads the table INCIDENT_TABLE names', () => {
    // Act
    const settings = loadSettings({ INCIDENT_TABLE: 'trailwatch-prod-IncidentTable-1A2B3C4D5E6F' });
    // Assess
    expect(settings.incidents).toEqual({ table: 'trailwatch-prod-IncidentTable-1A2B3C4D5E6F', learningDays: 7 });
  });

  it.each(['ab', 'table name', 'arn:aws:dynamodb:us-east-1:111122223333:table/incidents', 'x'.repeat(256)])(
    'refuses %j, naming INCIDENT_TABLE',
    (value) => {
      // Act
      const reading = () => loadSettings({ INCIDENT_TABLE: value }).incidents;
      // Assess
      expect(reading).toThrow(
        expect.objectContaining({
          name: 'ConfigError',
          message: expect.stringMatching(/^INCIDENT_TABLE must be a DynamoDB table name/),
        })
      );
    }
  );

  it('leaves the other sections readable when INCIDENT_TABLE is malformed', () => {
    // Act
    const settings = loadSettings({ INCIDENT_TABLE: 'a b', RESULTS_BUCKET: 'results' });
    // Assess
    expect(settings.core.resultsBucket).toBe('results');
  });

  it('reads the state file INCIDENT_STATE_FILE names, beside or without a table', () => {
    // Act
    const settings = loadSettings({ INCIDENT_STATE_FILE: '/tmp/trailwatch/incidents.json' });
    // Assess
    expect(settings.incidents).toEqual({ stateFile: '/tmp/trailwatch/incidents.json', learningDays: 7 });
  });

  it('refuses a folder for INCIDENT_STATE_FILE, naming it', () => {
    // Act
    const reading = () => loadSettings({ INCIDENT_STATE_FILE: '/tmp/trailwatch/' }).incidents;
    // Assess
    expect(reading).toThrow('INCIDENT_STATE_FILE must name a file, got the folder "/tmp/trailwatch/"');
  });

  it.each([
    ['0', 0],
    ['14', 14],
    ['0.5', 0.5],
  ])('reads the learning period FIRST_SEEN_LEARNING_DAYS=%j', (text, days) => {
    // Act
    const settings = loadSettings({ FIRST_SEEN_LEARNING_DAYS: text });
    // Assess
    expect(settings.incidents.learningDays).toBe(days);
  });

  it.each(['-1', 'seven', '7d', '3651'])('refuses FIRST_SEEN_LEARNING_DAYS=%j, naming it', (text) => {
    // Act
    const reading = () => loadSettings({ FIRST_SEEN_LEARNING_DAYS: text }).incidents;
    // Assess
    expect(reading).toThrow(/^FIRST_SEEN_LEARNING_DAYS must be a number of days from 0 to 3650, got "/);
  });

  it('reads the table CORRELATION_TABLE names, beside the incident table', () => {
    // Act
    const settings = loadSettings({
      INCIDENT_TABLE: 'trailwatch-prod-IncidentTable-1A2B3C4D5E6F',
      CORRELATION_TABLE: 'trailwatch-prod-CorrelationTable-6F5E4D3C2B1A',
    });
    // Assess
    expect(settings.incidents).toEqual({
      table: 'trailwatch-prod-IncidentTable-1A2B3C4D5E6F',
      correlationTable: 'trailwatch-prod-CorrelationTable-6F5E4D3C2B1A',
      learningDays: 7,
    });
  });

  it('refuses a CORRELATION_TABLE that is no DynamoDB table name, naming it', () => {
    // Act
    const reading = () =>
      loadSettings({ CORRELATION_TABLE: 'arn:aws:dynamodb:us-east-1:111122223333:table/c' }).incidents;
    // Assess
    expect(reading).toThrow(/^CORRELATION_TABLE must be a DynamoDB table name/);
  });
});
