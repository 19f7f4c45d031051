/**
 * Monitors in the server (RFC 7047 §4.1.5-8, ovsdb-server(7) §4.1.12-15): methods, fan-out of
 * commits, slow-reader handling, monitor_cond_since history. See register.ts.
 */
export { registerMonitors, monitorRegistry } from './register.js';
export type { MonitorOptions } from './options.js';
export type { HistorySeed } from './monitored-database.js';
export { MonitorRegistry } from './registry.js';
