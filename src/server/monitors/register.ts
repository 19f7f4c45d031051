/**
 * Wiring monitors into a server: `registerMonitors(server)` (one line in the OvsdbServer
 * constructor) installs the monitor methods and the commit listener that fans each committed
 * transaction out to the monitors, before the transact reply.
 *
 * Persistence contract: `seedMonitorHistory(server, dbName, history)` hands the history storage
 * replayed at start-up (src/storage replay.ts `TxnHistory`: `baseTxnId` and the last entries'
 * `{txnId, changes}`, oldest first) to the monitors, so monitor_cond_since resumes across a
 * restart. Call it after constructing the server and before accepting connections. Ids passed to
 * commit listeners later must continue that chain (storage.write's return value).
 */
import type { OvsdbServer } from '../server.js';
import { MonitorRegistry } from './registry.js';
import { registerMonitorMethods } from './methods.js';
import { resolveMonitorOptions, type MonitorOptions } from './options.js';
import type { HistorySeed } from './monitored-database.js';

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

/** Change the monitor options (tests, CLI); applies to sessions that start monitoring later. */
export function setMonitorOptions(server: OvsdbServer, opts: MonitorOptions): void {
  monitorRegistry(server).options = resolveMonitorOptions(opts);
}

/** Seed a database's monitor_cond_since history from what storage replayed (see above). */
export function seedMonitorHistory(server: OvsdbServer, dbName: string, history: HistorySeed): void {
  const served = server.databases.get(dbName);
  if (served === undefined) throw new Error(`seedMonitorHistory: no database ${dbName}`);
  monitorRegistry(server).database(served).seed(history);
}
