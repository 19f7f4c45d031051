import type { ServerKind } from './servers.js';
import { skipReason } from './servers.js';

/** Skip (or, under CI, fail) a test that needs `kind` when it cannot run here. */
export function need(kind: ServerKind, ctx: { skip: (note?: string) => void }): void {
  const reason = skipReason(kind);
  if (reason === null) return;
  if (process.env['CI'] === 'true') throw new Error(`${reason} (required when CI=true)`);
  ctx.skip(reason);
}
