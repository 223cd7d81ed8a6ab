import { describePgError, type PgErrorLike } from '../../src/server/pgErrors';
import { useTestDatabase } from '../helpers/db';
import { migrationSections, type MigrationSection } from '../helpers/migrations';

// migrations/CONVENTIONS.md, checked: the migration files' text (lock_timeout first, names,
// volatility, comments, message format, SQLSTATEs) and the migrated catalog (trigger bands,
// range constraint names, volatility of functions that write).

/** Text rules apply from this committed migration on, and to migrations/current. */
const FIRST_UNDER_TEXT_RULES = 12;

interface Section extends MigrationSection {
  textRules: boolean;
}

function sections(): Section[] {
  return migrationSections().map((s) => ({ ...s, textRules: s.number === undefined || s.number >= FIRST_UNDER_TEXT_RULES }));
}

/** SQL with dollar-quoted bodies, strings and comments blanked (left to right, as PostgreSQL reads). */
function code(sql: string): string {
  return sql.replace(/\$([A-Za-z_]*)\$[\s\S]*?\$\1\$|'(?:[^']|'')*'|--[^\n]*|\/\*[\s\S]*?\*\//g, (m) => (m.startsWith('$') ? '$body$' : m.startsWith("'") ? "''" : ' '));
}

/** Each `create [or replace] function` statement (bodies blanked) with the function's name. */
function functionStatements(sql: string): Array<{ name: string; statement: string }> {
  return code(sql)
    .split(';')
    .map((s) => s.trim())
    .filter((s) => /^create\s+(or\s+replace\s+)?function\s/i.test(s))
    .map((statement) => ({ name: /function\s+([a-z0-9_."]+)\s*\(/i.exec(statement)?.[1] ?? statement.slice(0, 60), statement }));
}

/** Each `raise exception '<message>' ... ;` in the text, bodies included. */
function raises(sql: string): Array<{ message: string; statement: string }> {
  return [...sql.matchAll(/raise\s+exception\s+'((?:[^']|'')*)'[^;]*;/gi)].map((m) => ({ message: m[1] ?? '', statement: m[0] }));
}

describe('migration files', () => {
  const all = sections();
  const underTextRules = all.filter((s) => s.textRules);

  test('the files are read: committed sections and migrations/current', () => {
    expect(all.length).toBeGreaterThan(30);
    expect(underTextRules.map((s) => s.where)).toContain('000012 2-secure-user-table.sql');
  });

  test('every file and section that runs anything starts with set local lock_timeout', () => {
    const late = all.filter((s) => {
      const first = code(s.sql).trim().toLowerCase();
      return first !== 'reset role;' && first !== '' && !first.startsWith('set local lock_timeout');
    });
    expect(late.map((s) => s.where)).toEqual([]);
  });

  test('section and file names are N-domain-words.sql', () => {
    expect(all.map((s) => s.name).filter((n) => !/^\d+-[a-z0-9]+(-[a-z0-9]+)*\.sql$/.test(n))).toEqual([]);
  });

  test('every function states its volatility and has a comment in the same file', () => {
    const unstated: string[] = [];
    const uncommented: string[] = [];
    expect(underTextRules.flatMap((s) => functionStatements(s.sql)).length).toBeGreaterThan(5);
    for (const s of underTextRules) {
      const comments = new Set([...code(s.sql).matchAll(/comment\s+on\s+function\s+([a-z0-9_."]+)\s*\(/gi)].map((m) => m[1]));
      for (const f of functionStatements(s.sql)) {
        if (!/\b(immutable|stable|volatile)\b/i.test(f.statement)) unstated.push(`${s.where}: ${f.name}`);
        if (!comments.has(f.name)) uncommented.push(`${s.where}: ${f.name}`);
      }
    }
    expect(unstated).toEqual([]);
    expect(uncommented).toEqual([]);
  });

  test('raised messages read "<field>: <rule>", and "no such" is VT404', () => {
    const found = underTextRules.flatMap((s) => raises(s.sql).map((r) => ({ ...r, where: s.where })));
    expect(found.length).toBeGreaterThan(3);
    // A field path may be a batch row's (`rows[%].%: `); '% %' is check_batch's list of unknown
    // fields, each a path itself ('rows[1].stepz is not a known field', a message clients rely on).
    // 'rows[%].%' is 000024's check_batch, whose second % began with the field (replaced since).
    const named = (m: string) => /^(?:[A-Za-z_][A-Za-z0-9_.]*|rows\[%\]\.%): \S/.test(m) || m === '% %' || m === 'rows[%].%';
    expect(found.filter((r) => !named(r.message)).map((r) => `${r.where}: ${r.message}`)).toEqual([]);
    expect(found.filter((r) => /no such/i.test(r.message) && !/errcode\s*=\s*'VT404'/i.test(r.statement)).map((r) => `${r.where}: ${r.message}`)).toEqual([]);
  });
});

describe('catalog', () => {
  const db = useTestDatabase();

  test('triggers are named _NNN_what; before triggers run below 500; _9NN are the audit triggers, last', async () => {
    const { rows } = await db.pool.query<{ tbl: string; name: string; before: boolean; per_row: boolean; fn: string }>(
      `select c.oid::regclass::text as tbl, t.tgname as name, (t.tgtype & 2) = 2 as before, (t.tgtype & 1) = 1 as per_row, p.proname as fn
         from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace join pg_proc p on p.oid = t.tgfoid
        where n.nspname in ('vitalis', 'vitalis_private', 'analytics') and not t.tgisinternal`,
    );
    expect(rows.length).toBeGreaterThan(100);
    const band = (name: string) => Number(name.slice(1, 4));
    expect(rows.filter((r) => !/^_\d{3}_[a-z][a-z0-9_]*$/.test(r.name)).map((r) => `${r.tbl}.${r.name}`)).toEqual([]);
    expect(rows.filter((r) => r.before && band(r.name) >= 500).map((r) => `${r.tbl}.${r.name}`)).toEqual([]);
    const audit = (r: (typeof rows)[number]) => r.fn.startsWith('tg__audit_');
    expect(rows.filter((r) => audit(r) !== band(r.name) >= 900 || (audit(r) && (r.before || r.per_row))).map((r) => `${r.tbl}.${r.name}`)).toEqual([]);
  });

  test('range constraints are named <table>_<column>_range after a column of their table', async () => {
    const { rows } = await db.pool.query<{ name: string; ok: boolean }>(
      `select k.conname as name,
              exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                         and k.conname = c.relname || '_' || a.attname || '_range') as ok
         from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ('vitalis', 'vitalis_private', 'analytics') and not c.relispartition and k.conname like '%\\_range'`,
    );
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.filter((r) => !r.ok).map((r) => r.name)).toEqual([]);
  });

  test('no immutable or stable function writes', async () => {
    const { rows } = await db.pool.query<{ fn: string }>(
      `select p.oid::regprocedure::text as fn
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_language l on l.oid = p.prolang
        where n.nspname in ('vitalis', 'vitalis_private') and p.provolatile in ('i', 's') and l.lanname in ('sql', 'plpgsql')
          and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
          and p.prosrc ~* '\\m(insert\\s+into|update\\s+[a-z_."]+(\\s+[a-z_]+)?\\s+set|delete\\s+from)\\M'`,
    );
    expect(rows.map((r) => r.fn)).toEqual([]);
  });

  // The API passes our messages through unchanged (src/server/pgErrors.ts): none may begin with a
  // table, column or function name in SQL spelling, in any function a request can reach.
  test('no message a request can reach begins with a SQL name (snake_case or table.column)', async () => {
    const { rows } = await db.pool.query<{ fn: string; message: string }>(
      `select p.oid::regprocedure::text as fn, m[1] as message
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace,
              regexp_matches(p.prosrc, '(?:raise exception|format)\\(?\\s*''([a-z][a-z0-9]*(?:[_.][a-z0-9_]+)+: [^'']{0,40})', 'gi') m
        where n.nspname in ('vitalis', 'vitalis_private')
          and (p.prorettype = 'trigger'::regtype
               or has_function_privilege('vitalis_api', p.oid, 'EXECUTE') or has_function_privilege('vitalis_worker', p.oid, 'EXECUTE')
               or has_function_privilege('vitalis_anonymous', p.oid, 'EXECUTE') or has_function_privilege('vitalis_authenticator', p.oid, 'EXECUTE')
               -- helpers that only build a message for the triggers above
               or p.prorettype = 'text'::regtype)
        order by 1`,
    );
    expect(rows.map((r) => `${r.fn}: ${r.message}`)).toEqual([]);
  });

  test('our SQLSTATEs VT404 and VT403 reach the API as NOT_FOUND and FORBIDDEN, with the field', async () => {
    const raise = async (errcode: string): Promise<PgErrorLike> =>
      db.pool.query(`do $$ begin raise exception 'jobId: no such job' using errcode = '${errcode}', column = 'job_id'; end $$`).then(
        () => {
          throw new Error('no error raised');
        },
        (error: PgErrorLike) => error,
      );
    expect(describePgError(await raise('VT404'))).toMatchObject({ code: 'NOT_FOUND', message: 'jobId: no such job', field: 'jobId' });
    expect(describePgError(await raise('VT403'))).toMatchObject({ code: 'FORBIDDEN', field: 'jobId' });
  });
});
