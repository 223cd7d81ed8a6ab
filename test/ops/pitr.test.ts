// Point-in-time recovery with pgBackRest (docs/pitr.md), on a throwaway PostgreSQL 15 cluster with a
// local repository (ops/pgbackrest/pgbackrest-posix.conf and postgresql-archive.conf as shipped,
// paths moved into a temp dir): WAL is archived, rows written after a full backup are deleted, and
// restoring to a time between the two brings them back.
// Needs pgbackrest and PostgreSQL 15's server binaries (Debian: apt-get install pgbackrest
// postgresql-15); skipped with the reason printed where either is missing.
import { execFileSync, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { portOutsideEphemeralRange } from '../helpers/ports';

const PG_BIN = process.env.PG15_BIN ?? '/usr/lib/postgresql/15/bin';
const STANZA = 'vitalis';

function missing(): string | undefined {
  if (spawnSync('pgbackrest', ['version'], { stdio: 'ignore' }).status !== 0) return 'pgbackrest is not installed (apt-get install pgbackrest)';
  if (!fs.existsSync(path.join(PG_BIN, 'initdb'))) return `PostgreSQL 15 server binaries are not in ${PG_BIN} (apt-get install postgresql-15, or set PG15_BIN)`;
  return undefined;
}

const skipReason = missing();
// On stderr and in the suite's title: a run of many files shows the title of a skipped test.
if (skipReason) process.stderr.write(`SKIPPED test/ops/pitr.test.ts: ${skipReason}\n`);
const maybe = skipReason ? describe.skip : describe;

/** A file of ops/pgbackrest with some of its lines replaced; each must be there (the test runs what ships). */
function shipped(file: string, replacements: [string, string][]): string {
  let text = fs.readFileSync(path.join(__dirname, '..', '..', 'ops', 'pgbackrest', file), 'utf8');
  for (const [from, to] of replacements) {
    if (!text.includes(from)) throw new Error(`ops/pgbackrest/${file} no longer contains ${from}`);
    text = text.replace(from, to);
  }
  return text;
}

/** PostgreSQL refuses to run as root: as root, the cluster and pgbackrest run as the `postgres` user. */
function runAs(): { uid: number; gid: number } | Record<string, never> {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

maybe(`point-in-time recovery with pgBackRest${skipReason ? ` (SKIPPED: ${skipReason})` : ''}`, () => {
  const user = skipReason ? {} : runAs();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-pitr-'));
  const data = path.join(dir, 'data');
  const config = path.join(dir, 'pgbackrest.conf');
  let port = 0;
  let started = false;

  function run(command: string, args: string[], options: SpawnSyncOptions = {}): string {
    const result = spawnSync(command, args, { cwd: dir, encoding: 'utf8', ...user, ...options });
    if (result.status !== 0) {
      throw new Error(`${path.basename(command)} ${args.join(' ')} failed (${result.status}):\n${String(result.stdout)}${String(result.stderr)}`);
    }
    return String(result.stdout);
  }
  const pgCtl = (...args: string[]) => run(path.join(PG_BIN, 'pg_ctl'), ['-D', data, ...args]);
  const pgbackrest = (...args: string[]) => run('pgbackrest', [`--config=${config}`, `--stanza=${STANZA}`, ...args]);
  async function sql<T extends object>(text: string): Promise<T[]> {
    const client = new Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    await client.connect();
    try {
      return (await client.query<T>(text)).rows;
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    port = await portOutsideEphemeralRange();
    for (const sub of ['repo', 'log', 'lock', 'run']) fs.mkdirSync(path.join(dir, sub));
    // The shipped posix configuration, its paths moved into this temp dir.
    fs.writeFileSync(
      config,
      shipped('pgbackrest-posix.conf', [
        ['repo1-path=/var/lib/pgbackrest', `repo1-path=${dir}/repo`],
        ['log-path=/var/log/pgbackrest', `log-path=${dir}/log\nlock-path=${dir}/lock`],
        ['log-level-console=info', 'log-level-console=warn'],
        ['pg1-path=/var/lib/postgresql/15/main', `pg1-path=${data}`],
        ['pg1-port=5432', `pg1-port=${port}\npg1-socket-path=${dir}/run`],
      ]),
    );
    if ('uid' in user) execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, dir]);
    run(path.join(PG_BIN, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync']);
    fs.appendFileSync(
      path.join(data, 'postgresql.conf'),
      [
        '',
        `port = ${port}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${dir}/run'`,
        // The shipped archive settings, with this test's pgBackRest configuration file.
        shipped('postgresql-archive.conf', [['pgbackrest --stanza=', `pgbackrest --config=${config} --stanza=`]]),
        'fsync = off',
        '',
      ].join('\n'),
    );
    pgCtl('start', '-w', '-l', path.join(dir, 'log', 'postgresql.log'));
    started = true;
  }, 60_000);

  afterAll(() => {
    try {
      if (started) pgCtl('stop', '-m', 'immediate');
    } catch {
      // Already stopped.
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('restoring to a time between writing and deleting rows brings them back, and nothing written after', async () => {
    pgbackrest('stanza-create');
    pgbackrest('check');
    await sql("create table readings (id int primary key, note text); insert into readings values (1, 'before the backup')");
    pgbackrest('backup', '--type=full');

    await sql("insert into readings values (2, 'after the backup'), (3, 'after the backup')");
    // The recovery target: after those rows committed, before the mistake below.
    const { target } = (
      await sql<{ target: string }>(`select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00' as target`)
    )[0]!;
    await new Promise((r) => setTimeout(r, 50));
    await sql("delete from readings; insert into readings values (4, 'after the mistake')");
    // Recovery must see a commit later than the target to stop there: archive the segment holding it.
    const { segment } = (await sql<{ segment: string }>('select pg_walfile_name(pg_switch_wal()) as segment'))[0]!;
    const deadline = Date.now() + 20_000;
    while ((await sql<{ last: string | null }>('select last_archived_wal as last from pg_stat_archiver'))[0]!.last! < segment) {
      if (Date.now() > deadline) throw new Error(`WAL segment ${segment} was not archived:\n${fs.readdirSync(path.join(dir, 'log')).join(', ')}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    pgCtl('stop', '-m', 'fast');
    // The backup to start from, named: pgBackRest picks one by its stop time, which it keeps to the
    // second, and this test's target is within a second of it.
    const { backup } = (JSON.parse(pgbackrest('info', '--output=json')) as { backup: { label: string }[] }[])[0]!;
    pgbackrest('restore', '--delta', `--set=${backup.at(-1)!.label}`, '--type=time', `--target=${target}`, '--target-action=promote');
    pgCtl('start', '-w', '-l', path.join(dir, 'log', 'postgresql.log'));
    const until = Date.now() + 20_000;
    while ((await sql<{ recovering: boolean }>('select pg_is_in_recovery() as recovering'))[0]!.recovering) {
      if (Date.now() > until) throw new Error('recovery did not finish');
      await new Promise((r) => setTimeout(r, 100));
    }

    expect(await sql('select id, note from readings order by id')).toEqual([
      { id: 1, note: 'before the backup' },
      { id: 2, note: 'after the backup' },
      { id: 3, note: 'after the backup' },
    ]);
  }, 60_000);
});
