/**
 * UUID normalisation for the text that real clients print (ovn-nbctl, ovsdb-client, ovsdbapp).
 *
 * Two servers give the same rows different random UUIDs, and clients order rows by UUID (sets)
 * or by UUID hash (IDL tables), so `<0>, <1>…` numbering in order of appearance is not stable
 * here. Instead every row is named after what it holds, the same on both servers:
 *   `<Table:NAME>` when the row has a non-empty string `name` (or `chassis_name`) column,
 *   `<Table#HASH>` otherwise, HASH being a digest of the row's columns that hold no UUID.
 * A `RowLabeler` learns labels from snapshots of the database (`refresh()` after each client
 * step, so a row keeps the label of its content when it was first seen). UUIDs that no snapshot
 * showed (rows created and deleted within one step) become `<?0>`, `<?1>`… in order of
 * appearance.
 *
 * Order that follows UUIDs is then removed by the `Order` applied to an output: sets printed
 * as `[a, b]` or bare `a b` are sorted when all their items are labels, and whole outputs may be
 * sorted by record, line or tree level (see `canonicalize`).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isJsonObject, member, type Json, type JsonObject } from '../../../src/ovsdb/json.js';
import { canonicalText } from '../../support/normalize.js';
import { withClient, type RpcTarget } from '../../support/rpc-client.js';

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const NAME_COLUMNS = ['name', 'chassis_name'] as const;
const HIDDEN_COLUMNS = new Set(['_uuid', '_version']);
const HASH_CHARS = 8;
/** The all-zero UUID (a uuid column's default, monitor_cond_since's "no transaction") stays. */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const UNSEEN = '<?>';
const SNAPSHOT_TIMEOUT_MS = 10_000;

/** Table names of a schema file, in file order. */
export function schemaTables(schemaFile: string): { db: string; tables: string[] } {
  const s = JSON.parse(readFileSync(schemaFile, 'utf8')) as { name: string; tables: Record<string, unknown> };
  return { db: s.name, tables: Object.keys(s.tables) };
}

export class RowLabeler {
  readonly #labels = new Map<string, string>();
  readonly #unknown = new Map<string, string>();
  readonly #dbs: { db: string; tables: string[] }[];

  constructor(schemaFiles: readonly string[]) {
    this.#dbs = schemaFiles.map(schemaTables);
  }

  /** Learn labels for rows not seen before, from a snapshot of every table of every database. */
  async refresh(target: RpcTarget): Promise<void> {
    await withClient(
      target,
      async (c) => {
        for (const { db, tables } of this.#dbs) {
          const ops = tables.map((table) => ({ op: 'select', table, where: [] as Json[] }));
          const reply = await c.request('transact', [db, ...ops]);
          if (!Array.isArray(reply.result)) throw new Error(`snapshot of ${db} failed: ${canonicalText(reply.message)}`);
          reply.result.forEach((r, i) => this.#learn(tables[i] as string, r));
        }
      },
      { timeoutMs: SNAPSHOT_TIMEOUT_MS },
    );
  }

  /** The label of a UUID (learning an unknown one). */
  label(uuid: string): string {
    const key = uuid.toLowerCase();
    if (key === NIL_UUID) return key;
    const known = this.#labels.get(key) ?? this.#unknown.get(key);
    if (known !== undefined) return known;
    const l = `<?${this.#unknown.size}>`;
    this.#unknown.set(key, l);
    return l;
  }

  /** The label of a row some snapshot showed, or `<?>` (without learning anything). */
  peek(uuid: string): string {
    const key = uuid.toLowerCase();
    if (key === NIL_UUID) return key;
    return this.#labels.get(key) ?? UNSEEN;
  }

  /** `text` with every UUID replaced by its label. */
  replace(text: string): string {
    return text.replace(UUID_RE, (u) => this.label(u));
  }

  #learn(table: string, result: Json): void {
    if (!isJsonObject(result)) return;
    const rows = member(result, 'rows');
    if (!Array.isArray(rows)) return;
    for (const row of rows) {
      if (!isJsonObject(row)) continue;
      const uuid = member(row, '_uuid');
      if (!Array.isArray(uuid) || typeof uuid[1] !== 'string') continue;
      const key = uuid[1].toLowerCase();
      if (!this.#labels.has(key)) this.#labels.set(key, rowLabel(table, row));
    }
  }
}

function rowLabel(table: string, row: JsonObject): string {
  for (const c of NAME_COLUMNS) {
    const v = member(row, c);
    if (typeof v === 'string' && v !== '') return `<${table}:${v}>`;
  }
  const content = Object.entries(row)
    .filter(([k, v]) => !HIDDEN_COLUMNS.has(k) && !hasUuid(canonicalText(v)))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${canonicalText(v)}`)
    .join(',');
  const digest = createHash('sha1').update(content).digest('hex').slice(0, HASH_CHARS);
  return `<${table}#${digest}>`;
}

function hasUuid(s: string): boolean {
  UUID_RE.lastIndex = 0;
  const found = UUID_RE.test(s);
  UUID_RE.lastIndex = 0;
  return found;
}

/**
 * How an output's order may depend on UUIDs, so what to sort after labelling:
 * - `keep`: nothing beyond sets of labels within a line;
 * - `blocks`: records separated by blank lines (`list`, `find`, `--bare` multi-column);
 * - `lines`: every line (`--bare` single column, `ls-list`-like outputs);
 * - `table`: lines after the two heading lines of `--format=table`;
 * - `csv`: lines after the heading line of `--format=csv` (unless `--no-headings`: use `lines`);
 * - `json`: `--format=json`'s `data` rows and `["set",…]` members;
 * - `tree`: children of each node of an indented tree (`show`);
 * - `dump`: `ovsdb-client dump`'s tables (blank-line separated, three heading lines each), whose
 *   rows it orders by column values, UUID sets included.
 */
export type Order = 'keep' | 'blocks' | 'lines' | 'table' | 'csv' | 'json' | 'tree' | 'dump';

const LABEL = String.raw`<[^<>\n]+>`;
const LABEL_LIST_RE = new RegExp(String.raw`\[((?:${LABEL})(?:, ${LABEL})+)\]`, 'g');
const LABEL_LINE_RE = new RegExp(String.raw`^(?:${LABEL})(?: ${LABEL})+$`);
const LABEL_CSV_RE = new RegExp(String.raw`^(?:${LABEL})(?:,${LABEL})+$`);

function sortStrings(xs: string[]): string[] {
  return xs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Sort the items of label-only sets within each line. */
function sortInlineSets(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const l = line.replace(LABEL_LIST_RE, (_m, items: string) => `[${sortStrings(items.split(', ')).join(', ')}]`);
      if (LABEL_LINE_RE.test(l)) return sortStrings(l.split(' ')).join(' ');
      return l.replace(/"((?:<[^<>\n"]+>)(?:,<[^<>\n"]+>)+)"/g, (_m, items: string) => `"${sortStrings(items.split(',')).join(',')}"`);
    })
    .map((l) => (LABEL_CSV_RE.test(l) ? sortStrings(l.split(',')).join(',') : l))
    .join('\n');
}

function sortBlocks(text: string): string {
  const trailing = text.endsWith('\n') ? '\n' : '';
  const body = trailing === '' ? text : text.slice(0, -1);
  if (body === '') return text;
  return sortStrings(body.split('\n\n')).join('\n\n') + trailing;
}

function sortLines(text: string, headingLines: number): string {
  const lines = text.split('\n');
  const last = lines.pop() ?? '';
  const head = lines.slice(0, headingLines);
  const body = sortStrings(lines.slice(headingLines));
  return [...head, ...body, last].join('\n');
}

interface TreeNode {
  readonly line: string;
  readonly children: TreeNode[];
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function renderTree(nodes: readonly TreeNode[]): string[] {
  const rendered = nodes.map((n) => [n.line, ...renderTree(n.children)].join('\n'));
  return sortStrings(rendered);
}

function sortTree(text: string): string {
  const root: TreeNode[] = [];
  const stack: { indent: number; children: TreeNode[] }[] = [{ indent: -1, children: root }];
  const lines = text.split('\n');
  const last = lines.pop() ?? '';
  for (const line of lines) {
    const indent = indentOf(line);
    while ((stack[stack.length - 1] as { indent: number }).indent >= indent) stack.pop();
    const node: TreeNode = { line, children: [] };
    (stack[stack.length - 1] as { children: TreeNode[] }).children.push(node);
    stack.push({ indent, children: node.children });
  }
  return [...renderTree(root), last].join('\n');
}

function sortJsonValue(v: Json): Json {
  if (Array.isArray(v)) {
    const items = v.map(sortJsonValue);
    if (items.length === 2 && (items[0] === 'set' || items[0] === 'map') && Array.isArray(items[1])) {
      return [items[0], [...items[1]].sort((a, b) => (canonicalText(a) < canonicalText(b) ? -1 : 1))];
    }
    return items;
  }
  if (isJsonObject(v)) {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v)) out[k] = sortJsonValue(x);
    const data = out['data'];
    if (Array.isArray(data)) out['data'] = [...data].sort((a, b) => (canonicalText(a) < canonicalText(b) ? -1 : 1));
    return out as JsonObject;
  }
  return v;
}

function sortJson(text: string): string {
  try {
    return canonicalText(sortJsonValue(JSON.parse(text) as Json)) + '\n';
  } catch {
    return text;
  }
}

/**
 * Canonical text of a JSON value as a server sent it: UUIDs of rows a snapshot showed become
 * their labels, other UUIDs `<?>` (transaction ids, `_Server` rows: no stable numbering exists
 * when they appear in hash-ordered objects); object members and `["set"|"map",…]` items are
 * sorted. Objects keyed by `<?>` stay distinct (members become [key, value] pairs).
 */
export function canonicalServerJson(labeler: RowLabeler, v: Json): string {
  return canonicalText(labelServerJson(labeler, v));
}

/** The value `canonicalServerJson` renders: objects as `["{}", [key, value]…]` sorted. */
export function labelServerJson(labeler: RowLabeler, v: Json): Json {
  const walk = (x: Json): Json => {
    if (typeof x === 'string') return x.replace(UUID_RE, (u) => labeler.peek(u));
    if (Array.isArray(x)) {
      const items = x.map(walk);
      if (items.length === 2 && (items[0] === 'set' || items[0] === 'map') && Array.isArray(items[1])) {
        return [items[0], sortStrings(items[1].map(canonicalText)).map((s) => JSON.parse(s) as Json)];
      }
      return items;
    }
    if (isJsonObject(x)) {
      const pairs = Object.entries(x).map(([k, y]): Json => [walk(k), walk(y)]);
      return ['{}', ...sortStrings(pairs.map(canonicalText)).map((s) => JSON.parse(s) as Json)];
    }
    return x;
  };
  return walk(v);
}

/** Labelled, order-normalised form of a client's output. */
export function canonicalize(labeler: RowLabeler, text: string, order: Order = 'keep'): string {
  const labelled = labeler.replace(text);
  if (order === 'json') return sortJson(labelled);
  const t = sortInlineSets(labelled);
  switch (order) {
    case 'keep':
      return t;
    case 'blocks':
      return sortBlocks(t);
    case 'lines':
      return sortLines(t, 0);
    case 'csv':
      return sortLines(t, 1);
    case 'table':
      return sortLines(t, 2);
    case 'tree':
      return sortTree(t);
    case 'dump':
      return t
        .split('\n\n')
        .map((section) => sortLines(section.endsWith('\n') ? section : `${section}\n`, 3).replace(/\n$/, ''))
        .join('\n\n');
  }
}
