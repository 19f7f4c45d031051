/**
 * ovsdb-ts: the package's public API.
 *
 * - The server: `OvsdbServer` (src/server/server.ts), as the CLI runs it.
 * - The client library (src/client/): `OvsdbClient`, typed transactions, replicas, codegen.
 * - The OVN Northbound model generated from schema/ovn-nb.ovsschema: `OVN_NORTHBOUND`,
 *   `OvnNorthbound`, and every table's row type under `ovnnb` (e.g. `ovnnb.LogicalSwitchPort`).
 */
export { OvsdbServer, DEFAULT_INACTIVITY_PROBE_MS, type ServerOptions, type ListenOptions, type AttachOptions } from './server/server.js';
export * from './client/index.js';
export { generateTypes, type CodegenOptions } from './client/codegen.js';
export * as ovnnb from './client/generated/ovn-northbound.js';
export { OVN_NORTHBOUND, OVN_NORTHBOUND_VERSION, type OvnNorthbound } from './client/generated/ovn-northbound.js';
