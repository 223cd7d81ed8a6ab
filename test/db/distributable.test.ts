import { DICTIONARIES } from '../helpers/catalog';
import { useTestDatabase } from '../helpers/db';
import { catalogTables, distributionViolations, parseCitusSql, type CitusPlan } from '../helpers/distribution';

// The schema stays distributable by user_id (issue 15, docs/distribution.md): every table of the
// application schemas is placed by sql/citus.sql exactly once, and the migrated catalog allows what
// each placement asks of a distributed PostgreSQL (Citus): keys of a distributed table contain its
// distribution column, foreign keys between distributed tables are co-located and match user_id
// with user_id, reference and local tables never point into distributed ones. Citus itself is not
// available here; this is what keeps sql/citus.sql runnable against the schema as it changes.

const db = useTestDatabase();

test('every table is placed by sql/citus.sql, and the catalog allows each placement', async () => {
  const plan = parseCitusSql();
  const tables = await catalogTables(db.pool);
  expect(tables.length).toBeGreaterThan(50);
  expect(distributionViolations(tables, plan, DICTIONARIES)).toEqual([]);

  // The shape the docs describe: the user's data in one co-location group, dictionaries replicated.
  const kinds = (kind: string) => plan.calls.filter((c) => c.placement.kind === kind).map((c) => c.table);
  const byUser = plan.calls.filter((c) => c.placement.kind === 'distributed' && c.placement.column === 'user_id');
  expect(byUser.length).toBeGreaterThan(30);
  expect(byUser.filter((c) => c.placement.kind === 'distributed' && c.placement.colocateWith === null).map((c) => c.table)).toEqual(['vitalis.user_preferences']);
  expect(kinds('reference')).toEqual(expect.arrayContaining(DICTIONARIES.map((d) => `vitalis.${d}`)));
  expect(byUser.map((c) => c.table)).toEqual(expect.arrayContaining(['vitalis.wearable_daily', 'vitalis.blood_markers', 'vitalis.measurements']));
  // Every placement other than "the user's data" says why, in the comment above it.
  expect(plan.calls.filter((c) => !byUser.includes(c) && c.reason === '').map((c) => c.table)).toEqual([]);
});

test('the check catches a table that is not placed, and keys a placement cannot enforce', async () => {
  // A table as a careless migration might add it: user data keyed by its own id alone, a unique
  // key and an exclusion constraint without user_id, a reference to a table kept on the
  // coordinator, a nullable user_id.
  await db.pool.query(`
    create table vitalis.planted_notes (
      note_id uuid primary key default gen_random_uuid(),
      user_id uuid references vitalis.users (user_id),
      title text unique,
      during tstzrange,
      exclude using gist (during with &&),
      device_id uuid references vitalis.connected_devices (device_id),
      panel_id uuid,
      foreign key (panel_id, user_id) references vitalis.blood_panels (panel_id, user_id)
    )`);
  try {
    const tables = await catalogTables(db.pool);
    const plan = parseCitusSql();
    expect(distributionViolations(tables, plan, DICTIONARIES)).toEqual([
      'vitalis.planted_notes: not placed by sql/citus.sql (reference, distributed or local)',
    ]);

    const asUserData: CitusPlan = {
      ...plan,
      calls: [...plan.calls, {
        table: 'vitalis.planted_notes', line: 999, reason: '',
        placement: { kind: 'distributed', column: 'user_id', colocateWith: 'vitalis.user_preferences' },
      }],
    };
    expect(distributionViolations(tables, asUserData, DICTIONARIES).sort()).toEqual([
      'vitalis.planted_notes: distribution column user_id is nullable (a distributed table refuses NULL there)',
      'vitalis.planted_notes: exclusion planted_notes_during_excl (no column compared with =) does not compare user_id with =',
      'vitalis.planted_notes: foreign key planted_notes_device_id_fkey (device_id) -> vitalis.connected_devices: a distributed table may not reference a local table',
      'vitalis.planted_notes: primary key planted_notes_pkey (note_id) does not include user_id',
      'vitalis.planted_notes: unique planted_notes_title_key (title) does not include user_id',
    ]);

    // Not co-located with the user's data: the reference to blood_panels cannot be enforced.
    const apart: CitusPlan = { ...plan, calls: asUserData.calls.map((c) => (c.table === 'vitalis.planted_notes' ? { ...c, placement: { kind: 'distributed', column: 'user_id', colocateWith: null } } : c)) };
    expect(distributionViolations(tables, apart, DICTIONARIES)).toContain(
      'vitalis.planted_notes: foreign key planted_notes_panel_id_user_id_fkey (panel_id, user_id) -> vitalis.blood_panels: the tables are not co-located',
    );

    // As a reference table it may not point at a local table, and a placement needs a reason.
    const asReference: CitusPlan = { ...plan, calls: [...plan.calls, { table: 'vitalis.planted_notes', line: 999, reason: '', placement: { kind: 'reference' } }] };
    expect(distributionViolations(tables, asReference, DICTIONARIES)).toEqual(expect.arrayContaining([
      'vitalis.planted_notes: has user_id but is not distributed by it, and sql/citus.sql gives no reason (a comment above the call)',
      'vitalis.planted_notes: foreign key planted_notes_device_id_fkey (device_id) -> vitalis.connected_devices: a reference table may reference only reference tables',
      'vitalis.planted_notes: foreign key planted_notes_panel_id_user_id_fkey (panel_id, user_id) -> vitalis.blood_panels: a reference table may reference only reference tables',
    ]));

    // A dictionary distributed by mistake, a table named twice, a name that no longer exists.
    const text = parseCitusSql(
      "select create_distributed_table('vitalis.unit_conversions', 'conversion_id', colocate_with => 'none');\n" +
        "select create_reference_table('vitalis.users');\nselect create_reference_table('vitalis.users');\n" +
        "select citus_add_local_table_to_metadata('vitalis.gone');\n",
    );
    expect(distributionViolations(tables, text, DICTIONARIES)).toEqual(expect.arrayContaining([
      'vitalis.unit_conversions: a dictionary must be a reference table',
      'vitalis.users: placed twice in sql/citus.sql (lines 2 and 3)',
      'vitalis.gone: sql/citus.sql line 4 names a table the schema does not have',
    ]));
  } finally {
    await db.pool.query('drop table vitalis.planted_notes');
  }
});
