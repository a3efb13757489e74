// The lxdops.fleet.* settings (client/src/model/fleetOptions.ts): wrong values fall back to the
// defaults, and what every rebuild from VS Code passes for its safe rebuild.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { FLEET_DEFAULTS, fleetSettings, safeRebuildOptions } from '../../../client/src/model/fleetOptions';

const unset = {
  healthCommand: undefined,
  healthTimeout: undefined,
  retention: undefined,
  parallel: undefined,
};

describe('lxdops.fleet settings', () => {
  test('unset: the defaults (timeout 60 s, retention 1, parallel 4, no command)', () => {
    assert.deepEqual(fleetSettings(unset), FLEET_DEFAULTS);
    assert.deepEqual(FLEET_DEFAULTS, {
      healthCommand: '',
      healthTimeoutSeconds: 60,
      retention: 1,
      parallel: 4,
    });
  });

  test('values a user could write by mistake fall back to the default', () => {
    const s = fleetSettings({ healthCommand: 42, healthTimeout: 0, retention: 1.5, parallel: '8' });
    assert.deepEqual(s, FLEET_DEFAULTS);
  });

  test('set values are used; the command is trimmed', () => {
    const s = fleetSettings({ healthCommand: '  test -f /ok ', healthTimeout: 5, retention: 3, parallel: 2 });
    assert.deepEqual(s, { healthCommand: 'test -f /ok', healthTimeoutSeconds: 5, retention: 3, parallel: 2 });
  });

  test('a rebuild gets the health check and retention; no command, no healthCommand key', () => {
    assert.deepEqual(safeRebuildOptions(FLEET_DEFAULTS), { healthTimeoutSeconds: 60, retention: 1 });
    assert.deepEqual(safeRebuildOptions({ ...FLEET_DEFAULTS, healthCommand: 'true' }), {
      healthCommand: 'true',
      healthTimeoutSeconds: 60,
      retention: 1,
    });
  });

  test('the manifest declares the four settings, machine-overridable, with the same defaults', () => {
    const props = JSON.parse(readFileSync('package.json', 'utf8')).contributes.configuration.properties;
    const expected: Record<string, unknown> = {
      'lxdops.fleet.healthCommand': '',
      'lxdops.fleet.healthTimeout': 60,
      'lxdops.fleet.retention': 1,
      'lxdops.fleet.parallel': 4,
    };
    for (const [key, value] of Object.entries(expected)) {
      assert.equal(props[key]?.default, value, key);
      assert.equal(props[key]?.scope, 'machine-overridable', key);
    }
  });
});
