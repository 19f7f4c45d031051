/**
 * An RPC error's "syntax" is the offending params as ovsdb-server prints them, object members
 * sorted (OVS `ovsdb_syntax_error` uses `json_to_string(json, JSSF_SORT)`). The expected texts were
 * captured from ovsdb-server 3.1 for the same requests. (The differential suite compares "syntax"
 * after re-rendering it canonically, so member order is checked here.)
 */
import { describe, expect, it } from 'vitest';
import { Duplex } from 'node:stream';
import { OvsdbServer } from '../../src/server/server.js';
import { servedInMemory, NB_SCHEMA } from '../sessions/harness.js';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('"syntax" of RPC errors', () => {
  it('prints the params with sorted members, as ovsdb-server does', async () => {
    const server = new OvsdbServer([servedInMemory(NB_SCHEMA)], {});
    const out: string[] = [];
    const stream = new Duplex({
      read() {},
      write(chunk: Buffer, _enc, cb) {
        out.push(String(chunk));
        cb();
      },
    });
    server.attach(stream, { name: 'raw' });
    try {
      stream.push(Buffer.from('{"id":1,"method":"transact","params":["Nope",{"table":"A","op":"select","where":[]}]}'));
      stream.push(Buffer.from('{"id":2,"method":"set_db_change_aware","params":[{"z":1,"a":2}]}'));
      stream.push(Buffer.from('{"id":3,"method":"lock","params":[{"z":1,"a":2}]}'));
      await tick();
      const syntax = out.join('').match(/"syntax":"(?:[^"\\]|\\.)*"/g);
      expect(syntax).toEqual([
        '"syntax":"[\\"Nope\\",{\\"op\\":\\"select\\",\\"table\\":\\"A\\",\\"where\\":[]}]"',
        '"syntax":"[{\\"a\\":2,\\"z\\":1}]"',
        '"syntax":"[{\\"a\\":2,\\"z\\":1}]"',
      ]);
    } finally {
      await server.close();
    }
  });
});
