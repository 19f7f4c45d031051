// Every workload group, in the order (1)–(8).
import { lspAdd, pipeline } from './lsp-add.js';
import { bulkInsert } from './bulk-insert.js';
import { select } from './select.js';
import { fanout, dump } from './monitors.js';
import { memoryPerRow } from './memory.js';
import { startup } from './startup.js';
import { nbctlLspAdd } from './nbctl.js';

export const GROUPS = [lspAdd, pipeline, bulkInsert, select, fanout, dump, memoryPerRow, startup, nbctlLspAdd];
