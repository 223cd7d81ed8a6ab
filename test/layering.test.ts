// Folders import downwards only (the layering in eslint.config.js): the lint rule refuses an upward
// import, and the folder-level import graph of the whole repository has no cycle.
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';

const ROOT = path.join(__dirname, '..');
// ESLint would import() the config file, which jest's CommonJS runtime cannot: hand it over instead.
const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: require('../eslint.config.js') });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, filePath) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the lint rule', () => {
  test.each([
    ['src/jobs/probe.ts', "import { startServer } from '../server/app';", 'src/jobs must not import src/server'],
    ['src/providers/engine/probe.ts', "import type { VitalisApp } from '../../server/app';", 'src/providers must not import src/server'],
    ['src/db/probe.ts', "import { sendError } from '../http/errors';", 'src/db must not import src/http'],
    ['src/importers/fit/probe.ts', "export { adapters } from '../../providers/registry';", 'src/importers must not import src/providers'],
    ['src/http/probe.ts', "import { authTransaction } from '../auth/db';", 'src/http must not import src/auth'],
    ['src/jobs/probe.ts', "import { buildTaskList } from '../../tasks';", 'src/jobs must not import tasks'],
    ['src/config.ts', "import { createLogger } from './http/logger';", 'src/config.ts must not import src/http'],
    ['tasks/probe.ts', "import { createApp } from '../src/server/app';", 'tasks must not import src/server'],
  ])('%s: %s is refused', async (file, code, message) => {
    const messages = await restrictedImports(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(message);
  });

  test('downward imports pass', async () => {
    expect(await restrictedImports('src/server/probe.ts', "import { startWorker } from '../jobs/worker';\nimport { buildTaskList } from '../../tasks';")).toEqual([]);
    expect(await restrictedImports('src/jobs/probe.ts', "import { endPool } from '../db/pools';\nimport type { Logger } from '../http/logger';")).toEqual([]);
    expect(await restrictedImports('src/auth/routes/probe.ts', "import { sendError } from '../../http/errors';")).toEqual([]);
  });
});

/** src/<folder> for files under src/, else the top-level folder or file. */
function folderOf(file: string): string {
  const parts = path.relative(ROOT, file).split(path.sep);
  if (parts[0] === 'src') return parts.length > 2 ? `src/${parts[1]}` : `src/${parts[1]!.replace(/\.ts$/, '')}`;
  return parts[0]!;
}

function tsFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? (['node_modules', 'results'].includes(e.name) ? [] : tsFiles(path.join(dir, e.name))) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
    );
}

test('no cycle between folders (src/*, tasks, plugins, seeds, bench, server.ts)', () => {
  const files = [...['src', 'tasks', 'plugins', 'seeds', 'bench'].flatMap((d) => tsFiles(path.join(ROOT, d))), path.join(ROOT, 'server.ts')];
  const edges = new Map<string, Set<string>>();
  for (const file of files) {
    for (const [, spec] of fs.readFileSync(file, 'utf8').matchAll(/(?:from|import|require\(|import\()\s*'(\.{1,2}\/[^']*)'/g)) {
      const target = path.resolve(path.dirname(file), spec!);
      const to = folderOf(fs.existsSync(target) && fs.statSync(target).isDirectory() ? path.join(target, 'index.ts') : `${target}.ts`);
      const from = folderOf(file);
      if (from !== to) edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  expect(edges.get('src/server')?.has('src/http')).toBe(true); // the graph is really read
  // Any cycle shows as a folder that reaches itself.
  const reaches = (from: string, seen = new Set<string>()): Set<string> => {
    for (const to of edges.get(from) ?? []) if (!seen.has(to)) reaches(to, seen.add(to));
    return seen;
  };
  expect([...edges.keys()].filter((folder) => reaches(folder).has(folder))).toEqual([]);
});
