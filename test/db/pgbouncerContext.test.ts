// PgBouncer in transaction mode (docs/pgbouncer.md) hands a server connection to another client
// after every transaction, so nothing the code sends may set session state: every SET is SET LOCAL,
// every set_config is transaction-local. test/db/pgbouncer.test.ts proves the behaviour through a
// real bouncer; this reads the source so a session-level SET added anywhere fails here first.
import fs from 'node:fs';
import path from 'node:path';

const SRC = path.join(__dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Code lines only: comments may mention `set role` as prose. */
function codeLines(file: string): Array<{ where: string; line: string }> {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => ({ where: `${path.relative(SRC, file)}:${i + 1}`, line }))
    .filter(({ line }) => !/^\s*(\/\/|\*|\/\*)/.test(line));
}

// A statement starting with SET (after a quote or a semicolon) that is not SET LOCAL, naming a
// lowercase setting (messages say "set SOME_ENV_VAR to ..."); and set_config(..., false).
const SESSION_SET = /(?:[`'";]\s*)(?:set|SET)\s+(?!local\b|LOCAL\b)(?:session\b|SESSION\b|role\b|ROLE\b|[a-z_][a-z0-9_.]*\s*(?:=|to\b|TO\b))/;
const SESSION_SET_CONFIG = /set_config\s*\([^)]*,\s*false\s*\)/i;
const SESSION_STATE = /(?:[`'";]\s*)(?:listen|prepare|declare\s+\w+\s+cursor\s+with\s+hold)\b|pg_advisory_lock\s*\(/i;

// Code that never uses the API's pool, only direct connections (DATABASE_URL; docs/pgbouncer.md):
// migrations, the worker and its jobs, operations (backups), the command line, and the API's own
// LISTEN connection (db/directListener.ts opens a Client of its own on a direct URL).
const DIRECT_ONLY = ['db/setup.ts', 'db/embedded.ts', 'db/directListener.ts', 'jobs/', 'ops/', 'cli/'];
const directOnly = (file: string) => {
  const relative = path.relative(SRC, file).split(path.sep).join('/');
  return DIRECT_ONLY.some((prefix) => (prefix.endsWith('/') ? relative.startsWith(prefix) : relative === prefix));
};

test('the API sends no session-level SET or set_config: request context is transaction-local', () => {
  const offending = sourceFiles(SRC)
    .flatMap(codeLines)
    .filter(({ line }) => SESSION_SET.test(line) || SESSION_SET_CONFIG.test(line))
    .map(({ where, line }) => `${where}: ${line.trim()}`);
  expect(offending).toEqual([]);
});

test('session state (LISTEN, PREPARE, held cursors, session advisory locks) stays on direct connections', () => {
  const offending = sourceFiles(SRC)
    .filter((file) => !directOnly(file))
    .flatMap(codeLines)
    .filter(({ line }) => SESSION_STATE.test(line))
    .map(({ where, line }) => `${where}: ${line.trim()}`);
  expect(offending).toEqual([]);
});
