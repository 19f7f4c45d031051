// The benchmark's database layout and transactions (OVN Northbound): logical switches of
// PORTS_PER_SWITCH ports each, ports shaped like ovn-kubernetes pods' (addresses, external_ids,
// options, tag_request, up). Deterministic: the same names and values go to both servers.
// Logical_Switch_Port is not a root table, so every port is inserted together with its
// reference from a switch (or it would be garbage-collected at commit, RFC 7047 §4.1.3).

export const DB = 'OVN_Northbound';
export const PORTS_PER_SWITCH = 100;

/** A port's row; `key` makes the name unique, `i` varies the other columns. */
export function portRow(key, i) {
  const h = ((i * 2654435761) >>> 0).toString(16).padStart(8, '0');
  return {
    name: `lsp-${key}`,
    addresses: ['set', [`0a:58:0a:${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)} 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`]],
    external_ids: ['map', [['namespace', `ns-${i % 40}`], ['pod', 'true'], ['owner', `pod-${h}`]]],
    options: ['map', [['requested-chassis', `node-${i % 30}`]]],
    tag_request: i % 4095,
    up: true,
  };
}

/** Operations inserting switch `ls-${key}` with `ports` new ports named `lsp-${key}-${p}`. */
export function switchOps(key, ports, first = 0, tag = 's') {
  const ops = [];
  const refs = [];
  for (let p = 0; p < ports; p++) {
    ops.push({ op: 'insert', table: 'Logical_Switch_Port', 'uuid-name': `${tag}p${p}`, row: portRow(`${key}-${p}`, first + p) });
    refs.push(['named-uuid', `${tag}p${p}`]);
  }
  ops.push({ op: 'insert', table: 'Logical_Switch', row: { name: `ls-${key}`, ports: ['set', refs] } });
  return ops;
}

/** One transaction inserting `count` ports in switches of PORTS_PER_SWITCH (workload 3). */
export function bulkInsertOps(prefix, count) {
  const ops = [];
  for (let s = 0; s * PORTS_PER_SWITCH < count; s++) {
    const n = Math.min(PORTS_PER_SWITCH, count - s * PORTS_PER_SWITCH);
    ops.push(...switchOps(`${prefix}-${s}`, n, s * PORTS_PER_SWITCH, `s${s}`));
  }
  return ops;
}

/**
 * What `ovn-nbctl lsp-add SWITCH PORT` sends (captured from ovn-nbctl 23.03): insert the port,
 * mutate the switch's ports, a comment.
 */
export function lspAddOps(switchUuid, key, i) {
  return [
    { op: 'insert', table: 'Logical_Switch_Port', 'uuid-name': 'newport', row: portRow(key, i) },
    {
      op: 'mutate',
      table: 'Logical_Switch',
      where: [['_uuid', '==', ['uuid', switchUuid]]],
      mutations: [['ports', 'insert', ['set', [['named-uuid', 'newport']]]]],
    },
    { op: 'comment', comment: `bench: lsp-add ${key}` },
  ];
}

/**
 * Load `ports` ports (switches of PORTS_PER_SWITCH, one transaction per switch, `window`
 * transactions in flight). Returns the switches' names.
 */
export async function preload(client, prefix, ports, window = 8) {
  const switches = Math.ceil(ports / PORTS_PER_SWITCH);
  let next = 0;
  const worker = async () => {
    while (next < switches) {
      const s = next++;
      const n = Math.min(PORTS_PER_SWITCH, ports - s * PORTS_PER_SWITCH);
      await client.transact(DB, switchOps(`${prefix}-${s}`, n, s * PORTS_PER_SWITCH));
    }
  };
  await Promise.all(Array.from({ length: Math.min(window, switches) }, worker));
  return Array.from({ length: switches }, (_, s) => `ls-${prefix}-${s}`);
}

/** Insert empty switches; returns their uuids. */
export async function createSwitches(client, prefix, count) {
  const ops = Array.from({ length: count }, (_, s) => ({ op: 'insert', table: 'Logical_Switch', row: { name: `ls-${prefix}-${s}` } }));
  const result = await client.transact(DB, ops);
  return result.map((r) => r.uuid[1]);
}
