import { describe, expect, it } from 'vitest';
import { encodeJson, FramingError, JsonFramer, type FramingErrorCode } from '../../src/wire/index.js';
import type { Json } from '../../src/ovsdb/json.js';
import { prng } from '../support/prng.js';

const enc = new TextEncoder();
const bytes = (s: string): Uint8Array => enc.encode(s);


function feed(framer: JsonFramer, data: Uint8Array, cuts: number[]): Json[] {
  const out: Json[] = [];
  let prev = 0;
  for (const c of [...cuts, data.length]) {
    out.push(...framer.push(data.subarray(prev, c)));
    prev = c;
  }
  return out;
}

function codeOf(f: () => unknown): FramingErrorCode | 'none' {
  try {
    f();
  } catch (e) {
    if (e instanceof FramingError) return e.code;
    throw e;
  }
  return 'none';
}

const MESSAGES = [
  '{"id":1,"method":"list_dbs","params":[]}',
  ' \n\t\r',
  '{"id":"é","method":"echo","params":["ü€😀","a\\"b\\\\","}{][","\\u00e9\\ud83d\\ude00"]}',
  '[1,2,{"a":[]},[[[]]]]',
  '{"id":null,"method":"update2","params":[null,{"T":{"x":{"insert":{"n":9223372036854775807,"m":-9223372036854775808,"r":1.5e300}}}}]}',
  '\n',
  '{"__proto__":{"x":1},"a":1,"a":2,"k":"日本語テキスト"}',
];
const STREAM = MESSAGES.join('');
const EXPECTED: Json[] = [
  { id: 1, method: 'list_dbs', params: [] },
  { id: 'é', method: 'echo', params: ['ü€😀', 'a"b\\', '}{][', 'é😀'] },
  [1, 2, { a: [] }, [[[]]]],
  {
    id: null,
    method: 'update2',
    params: [null, { T: { x: { insert: { n: 9223372036854775807n, m: -9223372036854775808n, r: 1.5e300 } } } }],
  },
  JSON.parse('{"__proto__":{"x":1},"a":2,"k":"日本語テキスト"}') as Json,
];

describe('JsonFramer: splitting', () => {
  const data = bytes(STREAM);

  it('yields every message when fed whole', () => {
    expect(new JsonFramer().push(data)).toEqual(EXPECTED);
  });

  it('yields the same at every single split point (multi-byte characters included)', () => {
    for (let cut = 0; cut <= data.length; cut++) {
      expect(feed(new JsonFramer(), data, [cut])).toEqual(EXPECTED);
    }
  });

  it('yields the same at every pair of split points', () => {
    for (let a = 0; a <= data.length; a += 3) {
      for (let b = a; b <= data.length; b += 5) {
        expect(feed(new JsonFramer(), data, [a, b])).toEqual(EXPECTED);
      }
    }
  });

  it('yields the same one byte at a time', () => {
    const cuts = Array.from({ length: data.length }, (_, i) => i);
    expect(feed(new JsonFramer(), data, cuts)).toEqual(EXPECTED);
  });

  it('decodes 2-, 3- and 4-byte characters split at each of their bytes', () => {
    for (const ch of ['é', '€', '😀']) {
      const msg = bytes(`["${ch}"]`);
      for (let cut = 2; cut < 2 + enc.encode(ch).length; cut++) {
        expect(feed(new JsonFramer(), msg, [cut])).toEqual([[ch]]);
      }
    }
  });

  it('yields the same at random split points (seeded)', () => {
    const rnd = prng(7);
    for (let round = 0; round < 200; round++) {
      const cuts = Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => Math.floor(rnd() * data.length)).sort(
        (x, y) => x - y,
      );
      expect(feed(new JsonFramer(), data, cuts)).toEqual(EXPECTED);
    }
  });

  it('tracks whether a message is in progress', () => {
    const f = new JsonFramer();
    f.push(bytes('  {"a":'));
    expect(f.inMessage).toBe(true);
    expect(f.bufferedBytes).toBe(5);
    expect(f.push(bytes('1}  '))).toEqual([{ a: 1 }]);
    expect(f.inMessage).toBe(false);
    expect(f.bufferedBytes).toBe(0);
  });
});

describe('JsonFramer: numbers', () => {
  it('round-trips int64 extremes exactly through push and encodeJson', () => {
    const text = '{"max":9223372036854775807,"min":-9223372036854775808,"safe":9007199254740991,"big":9007199254740993}';
    const [v] = new JsonFramer().push(bytes(text));
    expect(v).toEqual({ max: 9223372036854775807n, min: -9223372036854775808n, safe: 9007199254740991, big: 9007199254740993n });
    expect(encodeJson(v!)).toBe(text);
  });

  it('treats integer-valued literals as ovsdb-server does', () => {
    const [v] = new JsonFramer().push(bytes('[1.0,1e2,1.5e18,0.1e1,-0,1e-400,12345678901234567890,9223372036854775808]'));
    expect(v).toEqual([1, 100, 1500000000000000000n, 1, 0, 0, 12345678901234567890, 9223372036854775808]);
  });

  it('suppresses negative zero, as ovsdb-server does', () => {
    const [v] = new JsonFramer().push(bytes('[-0,-0.0,-0.5]')) as [Json[]];
    expect(v.map((x) => Object.is(x, -0))).toEqual([false, false, false]);
    expect(v).toEqual([0, 0, -0.5]);
  });

  it('refuses reals outside the range of a double', () => {
    expect(codeOf(() => new JsonFramer().push(bytes('[1e400]')))).toBe('syntax');
    expect(codeOf(() => new JsonFramer().push(bytes('[1e-310]')))).toBe('syntax');
  });
});

describe('JsonFramer: objects', () => {
  it('makes "__proto__" an own member and keeps the last duplicate', () => {
    for (const text of ['{"__proto__":{"polluted":1},"a":1,"a":2}', '{"__proto__":{"polluted":1},"a":1,"a":2,"n":12345678901234567}']) {
      const [v] = new JsonFramer().push(bytes(text));
      const obj = v as Record<string, Json>;
      expect(Object.hasOwn(obj, '__proto__')).toBe(true);
      expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
      expect(obj['a']).toBe(2);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    }
  });
});

describe('JsonFramer: errors', () => {
  const cases: [string, string, FramingErrorCode][] = [
    ['scalar at top level', '1 ', 'syntax'],
    ['string at top level', '"x" ', 'syntax'],
    ['garbage between messages', '{} x', 'syntax'],
    ['mismatched bracket', '{"a":[1}', 'syntax'],
    ['bad keyword', '[tru]', 'syntax'],
    ['trailing comma', '[1,]', 'syntax'],
    ['leading zero', '[01]', 'syntax'],
    ['raw control char', '["a\u0001"]', 'syntax'],
    ['escaped NUL', '["\\u0000"]', 'syntax'],
    ['lone leading surrogate', '["\\ud800"]', 'syntax'],
    ['lone trailing surrogate', '["\\udc00"]', 'syntax'],
    ['bad pair', '["\\ud800\\u0041"]', 'syntax'],
  ];
  it.each(cases)('%s', (_name, text, code) => {
    expect(codeOf(() => new JsonFramer().push(bytes(text)))).toBe(code);
  });

  it('refuses invalid UTF-8 and says where', () => {
    for (const bad of [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80]]) {
      const msg = new Uint8Array([...bytes(' ["ab'), ...bad, ...bytes('"]')]);
      let err: unknown;
      try {
        new JsonFramer().push(msg);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(FramingError);
      expect((err as FramingError).code).toBe('encoding');
      expect((err as FramingError).offset).toBe(5);
    }
  });

  it('accepts nesting of exactly maxDepth and refuses one more (ovsdb-server: 1000)', () => {
    const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect(new JsonFramer().push(bytes(nest(1000)))).toHaveLength(1);
    expect(codeOf(() => new JsonFramer().push(bytes(nest(1001))))).toBe('too-deep');
    expect(codeOf(() => new JsonFramer().push(bytes('{"a":' + nest(999) + '}')))).toBe('none');
    expect(codeOf(() => new JsonFramer().push(bytes('{"a":' + nest(1000) + '}')))).toBe('too-deep');
    expect(codeOf(() => new JsonFramer({ maxDepth: 3 }).push(bytes('[[[[]]]]')))).toBe('too-deep');
    // The slow parser enforces the same limit.
    expect(codeOf(() => new JsonFramer().push(bytes('[1e5,' + nest(999) + ']')))).toBe('none');
  });

  it('keeps the open brackets when its nesting stack grows, within a chunk and across chunks', () => {
    // 200 levels of alternating [ and {"k": … opened, so the stack grows from its initial size.
    const open = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? '[' : '{"k":')).join('');
    const close = '0' + Array.from({ length: 200 }, (_, i) => ((199 - i) % 2 === 0 ? ']' : '}')).join('');
    expect(new JsonFramer().push(bytes(open + close))).toHaveLength(1);
    const split = new JsonFramer();
    expect(split.push(bytes(open.slice(0, 150)))).toHaveLength(0);
    expect(split.push(bytes(open.slice(150) + close))).toHaveLength(1);
    // A wrong closer deep down is still caught after the growth.
    const wrong = open + close.slice(0, 101) + (close[101] === ']' ? '}' : ']') + close.slice(102);
    expect(codeOf(() => new JsonFramer().push(bytes(wrong)))).toBe('syntax');
  });

  it('refuses a message over maxMessageBytes, complete or still arriving', () => {
    const msg = '{"a":"' + 'x'.repeat(100) + '"}';
    expect(new JsonFramer({ maxMessageBytes: msg.length }).push(bytes(msg))).toHaveLength(1);
    expect(codeOf(() => new JsonFramer({ maxMessageBytes: msg.length - 1 }).push(bytes(msg)))).toBe('too-large');
    const f = new JsonFramer({ maxMessageBytes: 50 });
    expect(f.push(bytes('   ' + msg.slice(0, 50)))).toEqual([]);
    expect(codeOf(() => f.push(bytes('x')))).toBe('too-large');
    expect(new JsonFramer({ maxMessageBytes: 1e3 }).push(bytes(' '.repeat(5000) + '[]'))).toEqual([[]]);
  });

  it('delivers the values before the error, then stays dead', () => {
    const f = new JsonFramer();
    let err: FramingError | undefined;
    try {
      f.push(bytes('{"a":1} [2] x {"b":3}'));
    } catch (e) {
      err = e as FramingError;
    }
    expect(err?.values).toEqual([{ a: 1 }, [2]]);
    expect(err?.message).toMatch(/byte 12/);
    expect(codeOf(() => f.push(bytes('{}')))).toBe('syntax');
  });

  it('reports the limits in its messages', () => {
    const e1 = catchErr(() => new JsonFramer().push(bytes('['.repeat(1001))));
    expect(e1.message).toBe('JSON nesting exceeds 1000 levels at byte 1000');
    const e2 = catchErr(() => new JsonFramer({ maxMessageBytes: 4 }).push(bytes('[1,2,3]')));
    expect(e2.message).toBe('message at byte 0 exceeds maximum size of 4 bytes');
  });

  it('only ever throws FramingError on random garbage, and terminates', () => {
    const rnd = prng(42);
    const alphabet = bytes('{}[]",:\\u0123456789eE+-.truefalsnl \n\t');
    let errors = 0;
    for (let round = 0; round < 2000; round++) {
      const f = new JsonFramer({ maxMessageBytes: 4096, maxDepth: 50 });
      const len = 1 + Math.floor(rnd() * 200);
      const data = new Uint8Array(len);
      const useAlphabet = rnd() < 0.7;
      for (let i = 0; i < len; i++) {
        data[i] = useAlphabet ? alphabet[Math.floor(rnd() * alphabet.length)]! : Math.floor(rnd() * 256);
      }
      const cut = Math.floor(rnd() * len);
      try {
        f.push(data.subarray(0, cut));
        f.push(data.subarray(cut));
      } catch (e) {
        expect(e).toBeInstanceOf(FramingError);
        errors++;
      }
    }
    expect(errors).toBeGreaterThan(1000);
  });

  it('agrees with JSON.parse on random mutations of valid messages', () => {
    const rnd = prng(99);
    const base = bytes('{"id":1,"method":"transact","params":["db",{"op":"insert","row":{"a":[1,2.5,true,null,"s"]}}]}');
    for (let round = 0; round < 2000; round++) {
      const data = base.slice();
      data[Math.floor(rnd() * data.length)] = base[Math.floor(rnd() * base.length)]!;
      const text = new TextDecoder().decode(data);
      let expected: unknown;
      try {
        const v = JSON.parse(text) as unknown;
        expected = typeof v === 'object' && v !== null ? [v] : 'error';
      } catch {
        expected = 'error';
      }
      let got: unknown;
      try {
        got = new JsonFramer().push(data);
        if ((got as unknown[]).length === 0) got = 'incomplete';
      } catch (e) {
        expect(e).toBeInstanceOf(FramingError);
        got = 'error';
      }
      // Where JSON.parse accepts, the framer must yield exactly that value; where it refuses,
      // the framer may refuse, wait for more, or frame a valid prefix.
      if (expected !== 'error') expect(got).toEqual(expected);
    }
  });
});

function catchErr(f: () => unknown): FramingError {
  try {
    f();
  } catch (e) {
    if (e instanceof FramingError) return e;
    throw e;
  }
  throw new Error('did not throw');
}
