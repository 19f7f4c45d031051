// The harness checks its own message splitter before measuring anything: every way of cutting
// a sample stream into three chunks must give back the same messages as JSON.parse.
import { MessageSplitter, text } from './framer.js';

const SAMPLE = [
  { id: 1, result: [{ rows: [{ name: 'a"b\\', v: ['set', []] }] }], error: null },
  { id: null, method: 'update2', params: [['monid', 'x'], { T: { u: { modify: { s: '}]\\"' } } } }] },
  { id: 'echo', method: 'echo', params: ['é€😀', '\\\\'] },
];

export function selfTest() {
  const expected = SAMPLE.map((m) => JSON.stringify(m));
  const bytes = Buffer.from(expected.join(' \n'));
  for (let a = 0; a <= bytes.length; a++) {
    for (let b = a; b <= bytes.length; b++) {
      const got = [];
      const s = new MessageSplitter((parts) => got.push(text(parts)));
      s.push(bytes.subarray(0, a));
      s.push(bytes.subarray(a, b));
      s.push(bytes.subarray(b));
      if (got.length !== expected.length || got.some((g, i) => g !== expected[i]) || !s.idle) {
        throw new Error(`self-test: message splitter wrong when cut at ${a} and ${b}`);
      }
    }
  }
}
