import { describe, expect, it } from '@jest/globals';
import { registryReportSettings } from '@sigil/toolkit';

describe('registryReportSettings', () => {
  it('records the registry inputs in one order, and only whether credentials were given', () => {
    const settings = {
      credentials: { username: 'robot', password: 'hunter2-secret' },
      insecureRegistries: ['registry.internal:5000'],
      concurrency: 4,
      timeoutSeconds: 120,
    };
    const recorded = registryReportSettings(settings);
    expect(Object.entries(recorded)).toEqual([
      ['concurrency', 4],
      ['timeoutSeconds', 120],
      ['insecureRegistries', ['registry.internal:5000']],
      ['registryCredentials', true],
    ]);
    expect(JSON.stringify(recorded)).not.toMatch(/robot|hunter2/);
    expect(registryReportSettings({ ...settings, credentials: undefined }).registryCredentials).toBe(false);
  });
});
