/**
 * The wire layer: bytes ⇄ JSON values. Imports nothing but the shared Json type.
 * See json-framer.ts (framing, limits), json-parse.ts (exact int64), json-encode.ts (output).
 */
export { FramingError, type FramingErrorCode } from './framing-error.js';
export { JsonFramer, DEFAULT_MAX_MESSAGE_BYTES, firstInvalidUtf8, type JsonFramerOptions } from './json-framer.js';
export { parseJson, numberFromLiteral, DEFAULT_MAX_DEPTH } from './json-parse.js';
export { encodeJson, encodeJsonBytes, formatNumber, formatReal } from './json-encode.js';
