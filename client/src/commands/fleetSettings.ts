import * as vscode from 'vscode';
import { type FleetSettings, fleetSettings } from '../model/fleetOptions';

/** The `lxdops.fleet.*` settings of the machine the extension runs on, bad values replaced by defaults. */
export function readFleetSettings(): FleetSettings {
  const c = vscode.workspace.getConfiguration('lxdops.fleet');
  return fleetSettings({
    healthCommand: c.get('healthCommand'),
    healthTimeout: c.get('healthTimeout'),
    retention: c.get('retention'),
    parallel: c.get('parallel'),
  });
}
