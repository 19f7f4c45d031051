/**
 * The monitor methods and the notifications they bring, as both ends name them (RFC 7047 §4.1.5
 * monitor/update; ovsdb-server(7) §4.1.12 monitor_cond/update2, §4.1.15 monitor_cond_since/update3,
 * §4.1.16 monitor_canceled).
 */
export type MonitorMethod = 'monitor' | 'monitor_cond' | 'monitor_cond_since';
export type UpdateMethod = 'update' | 'update2' | 'update3';

/** Which notification each monitor method's updates use. */
export const UPDATE_METHOD = {
  monitor: 'update',
  monitor_cond: 'update2',
  monitor_cond_since: 'update3',
} as const satisfies Record<MonitorMethod, UpdateMethod>;

export const MONITOR_CANCELED = 'monitor_canceled';

/** Every notification that belongs to a monitor. */
export const MONITOR_NOTIFICATIONS: ReadonlySet<string> = new Set<string>([...Object.values(UPDATE_METHOD), MONITOR_CANCELED]);
