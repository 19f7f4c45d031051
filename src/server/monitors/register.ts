/**
 * Wiring monitors into a server: `registerMonitors(server)` (one line in the OvsdbServer
 * constructor) installs the monitor methods and the commit listener that fans each committed
 * transaction out to the monitors, before the transact reply.
 *
 * Persistence contract: a database whose storage has a `history` (what it replayed at start-up,
 * served-database.ts) starts its monitor_cond_since history from it, so clients resume across a
 * restart. Ids passed to commit listeners later continue that chain (storage.write's return value).
 */
import type { OvsdbServer } from '../server.js';
import { MonitorRegistry } from './registry.js';
import { registerMonitorMethods } from './methods.js';
import type { MonitorOptions } from './options.js';

const registries = new WeakMap<OvsdbServer, MonitorRegistry>();

export function registerMonitors(server: OvsdbServer, opts: MonitorOptions = {}): MonitorRegistry {
  const reg = new MonitorRegistry(server, opts);
  registries.set(server, reg);
  registerMonitorMethods(reg);
  // Eagerly, so that the atom count behind the history bound is taken before any commit.
  for (const served of server.databases.values()) reg.database(served);
  server.commitListeners.push((served, changes, txnId) => reg.database(served).onCommit(changes, txnId));
  return reg;
}

/** The monitor registry of a server (throws when registerMonitors was not called). */
export function monitorRegistry(server: OvsdbServer): MonitorRegistry {
  const reg = registries.get(server);
  if (reg === undefined) throw new Error('monitors are not registered on this server');
  return reg;
}
