// The load generator's message splitter: finds where each JSON-RPC message ends in a byte stream
// (JSON values back to back, no delimiter) without parsing it. Cheaper than a full parser so that
// the load generator is not the bottleneck: inside strings it jumps to the next quote with
// Buffer.indexOf (memchr), outside strings it only counts brackets.
// Contract: push(chunk) calls onMessage(buffers, length) once per complete top-level value, with
// the value's bytes as a list of buffer slices (in order) and their total length. The caller
// decides whether to decode them (text()) or only count them.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

export class MessageSplitter {
  #depth = 0;
  #inString = false;
  /** The previous chunk ended inside a string on an unpaired backslash. */
  #escape = false;
  /** Slices of the message in progress. */
  #parts = [];
  #length = 0;
  #onMessage;

  constructor(onMessage) {
    this.#onMessage = onMessage;
  }

  /** True when no message is partly received. */
  get idle() {
    return this.#depth === 0 && this.#parts.length === 0;
  }

  push(chunk) {
    let start = -1; // start of the current message within this chunk, -1 if it began earlier
    if (this.#depth > 0) start = 0;
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.#inString) {
        i = this.#skipString(chunk, i);
        continue;
      }
      const b = chunk[i];
      if (b === QUOTE) {
        this.#inString = true;
      } else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
        if (this.#depth === 0) start = i;
        this.#depth++;
      } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        this.#depth--;
        if (this.#depth === 0) {
          this.#emit(chunk.subarray(start, i + 1));
          start = -1;
        } else if (this.#depth < 0) {
          throw new Error('bench framer: unbalanced close bracket');
        }
      }
      i++;
    }
    if (this.#depth > 0 && start >= 0) {
      this.#parts.push(chunk.subarray(start));
      this.#length += n - start;
    }
  }

  /** Inside a string at i: returns the index after the closing quote, or n if the chunk ends first. */
  #skipString(chunk, i) {
    const n = chunk.length;
    if (this.#escape) {
      this.#escape = false;
      i++;
    }
    for (;;) {
      const q = chunk.indexOf(QUOTE, i);
      if (q < 0) {
        this.#escape = trailingBackslashes(chunk, i, n) % 2 === 1;
        return n;
      }
      if (trailingBackslashes(chunk, i, q) % 2 === 0) {
        this.#inString = false;
        return q + 1;
      }
      i = q + 1;
    }
  }

  #emit(last) {
    if (this.#parts.length === 0) {
      this.#onMessage([last], last.length);
      return;
    }
    const parts = this.#parts;
    parts.push(last);
    const length = this.#length + last.length;
    this.#parts = [];
    this.#length = 0;
    this.#onMessage(parts, length);
  }
}

/** Number of consecutive backslashes just before `end`, not looking before `from`. */
function trailingBackslashes(chunk, from, end) {
  let k = 0;
  while (end - k - 1 >= from && chunk[end - k - 1] === BACKSLASH) k++;
  return k;
}

/** The message's text (UTF-8 decoded once, after reassembly). */
export function text(parts) {
  return parts.length === 1 ? parts[0].toString('utf8') : Buffer.concat(parts).toString('utf8');
}
