import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The direction of imports (ARCHITECTURE.md): bytes → wire → rpc → server ↔ engine ← storage.
// Each layer may import only the layers listed here (and itself); top-level files (cli, index) may
// import anything. A failure names the file and the arrow that points the wrong way.
const ALLOWED: Record<string, readonly string[]> = {
  ovsdb: [],
  wire: ['ovsdb'],
  rpc: ['wire', 'ovsdb', 'log'],
  engine: ['ovsdb'],
  storage: ['engine', 'ovsdb', 'wire', 'log'],
  server: ['rpc', 'engine', 'storage', 'ovsdb', 'wire', 'log'],
  client: ['rpc', 'wire', 'ovsdb', 'log'],
};

const SRC = fileURLToPath(new URL('../src', import.meta.url));

function layerOf(file: string): string {
  const rel = path.relative(SRC, file);
  const first = rel.split(path.sep)[0] ?? '';
  return rel.includes(path.sep) ? first : path.basename(first, '.ts');
}

function* sourceFiles(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* sourceFiles(p);
    else if (e.name.endsWith('.ts')) yield p;
  }
}

const IMPORT_RE = /(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

describe('architecture', () => {
  it('imports point only in the allowed directions', () => {
    const wrong: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const from = layerOf(file);
      const allowed = ALLOWED[from];
      if (allowed === undefined) continue;
      for (const m of fs.readFileSync(file, 'utf8').matchAll(IMPORT_RE)) {
        const spec = m[1] ?? m[2] ?? '';
        const to = layerOf(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
        if (to !== from && !allowed.includes(to)) wrong.push(`${path.relative(SRC, file)}: ${from} → ${to} (${spec})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('knows every layer directory', () => {
    const dirs = fs.readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(dirs.filter((d) => !(d in ALLOWED))).toEqual([]);
  });
});
