// Setup steps, not measured: the users, and the blood work the biomarker-trend query reads.

import type { Pool } from 'pg';
import { FALLBACK_MARKERS, generateBloodwork, type BenchUser, type Bloodwork, type MarkerDefinition, type Row } from './generate';
import { withClient } from './pg';

export async function seedUsers(pool: Pool, users: readonly BenchUser[]): Promise<void> {
  for (let i = 0; i < users.length; i += 1000) {
    const chunk = users.slice(i, i + 1000);
    await withClient(pool, async (client) => {
      await client.query('begin');
      await client.query('insert into vitalis.accounts (account_id) select unnest($1::uuid[])', [chunk.map((u) => u.accountId)]);
      await client.query(
        `insert into vitalis.users (user_id, account_id, email, display_name, date_of_birth, biological_sex)
         select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::date[], $6::text[])`,
        [chunk.map((u) => u.userId), chunk.map((u) => u.accountId), chunk.map((u) => u.email), chunk.map((u) => u.displayName), chunk.map((u) => u.dateOfBirth), chunk.map((u) => u.sex)],
      );
      await client.query('commit');
    });
  }
}

async function numericMarkers(pool: Pool): Promise<MarkerDefinition[]> {
  const { rows } = await pool.query(
    `select biomarker_id, canonical_name, display_name, subcategory, canonical_unit,
            normal_low::float8 as normal_low, normal_high::float8 as normal_high
       from vitalis.biomarker_dictionary
      where not is_qualitative and btrim(coalesce(canonical_unit, '')) <> ''
      order by canonical_name`,
  );
  return rows.map((r: Record<string, unknown>) => ({
    biomarkerId: r.biomarker_id as string,
    canonicalName: r.canonical_name as string,
    displayName: r.display_name as string,
    subcategory: (r.subcategory as string | null) ?? null,
    unit: r.canonical_unit as string,
    normalLow: (r.normal_low as number | null) ?? null,
    normalHigh: (r.normal_high as number | null) ?? null,
  }));
}

async function insertFallbackMarkers(pool: Pool): Promise<number> {
  const payload = FALLBACK_MARKERS.map((m) => ({
    canonical_name: m.canonicalName, display_name: m.displayName, category: m.category, subcategory: m.subcategory,
    unit: m.unit, normal_low: m.normalLow, normal_high: m.normalHigh,
  }));
  const { rowCount } = await pool.query(
    `insert into vitalis.biomarker_dictionary (canonical_name, display_name, category, subcategory, canonical_unit, common_units, normal_low, normal_high)
     select x.canonical_name, x.display_name, x.category::vitalis.biomarker_category, x.subcategory, x.unit, array[x.unit], x.normal_low, x.normal_high
       from jsonb_to_recordset($1::jsonb) as x(canonical_name text, display_name text, category text, subcategory text, unit text, normal_low numeric, normal_high numeric)
     on conflict (canonical_name) do nothing`,
    [JSON.stringify(payload)],
  );
  return rowCount ?? 0;
}

async function insertBloodwork(pool: Pool, panels: readonly Row[], markers: readonly Row[]): Promise<void> {
  await withClient(pool, async (client) => {
    await client.query('begin');
    for (let i = 0; i < panels.length; i += 2000) {
      await client.query(
        `insert into vitalis.blood_panels (panel_id, user_id, lab_name, lab_provider, panel_name, collected_at, reported_at, fasting, specimen_id)
         select panel_id, user_id, lab_name, lab_provider, panel_name, collected_at, reported_at, fasting, specimen_id
           from jsonb_populate_recordset(null::vitalis.blood_panels, $1::jsonb)`,
        [JSON.stringify(panels.slice(i, i + 2000))],
      );
    }
    for (let i = 0; i < markers.length; i += 5000) {
      await client.query(
        `insert into vitalis.blood_markers (user_id, panel_id, biomarker_id, raw_name, sub_panel, value_numeric, unit,
                                            ref_range_low, ref_range_high, ref_range_text, lab_code)
         select user_id, panel_id, biomarker_id, raw_name, sub_panel, value_numeric, unit,
                ref_range_low, ref_range_high, ref_range_text, lab_code
           from jsonb_populate_recordset(null::vitalis.blood_markers, $1::jsonb)`,
        [JSON.stringify(markers.slice(i, i + 5000))],
      );
    }
    await client.query('commit');
  });
}

export interface LoadedBloodwork {
  bloodwork: Bloodwork[];
  panels: number;
  markers: number;
  /** Numeric markers in the dictionary before the run, and bench fallback markers inserted when there were none. */
  numericBefore: number;
  fallbackInserted: number;
  markersAvailable: number;
}

/** Generates and inserts every user's blood panels (as superuser, in one transaction). */
export async function loadBloodwork(
  pool: Pool,
  users: readonly BenchUser[],
  options: { seed: string; startDate: string; endDate: string; markersPerPanel: number },
  log: (message: string) => void,
): Promise<LoadedBloodwork> {
  const { startDate, endDate } = options;
  let markers = await numericMarkers(pool);
  const numericBefore = markers.length;
  let fallbackInserted = 0;
  if (markers.length === 0) {
    fallbackInserted = await insertFallbackMarkers(pool);
    markers = await numericMarkers(pool);
    log(`biomarker_dictionary has no numeric markers: inserted ${fallbackInserted} bench fallback markers`);
  }
  const bloodwork = users.map((u) => generateBloodwork(u, markers, { seed: options.seed, startDate, endDate, markersPerPanel: options.markersPerPanel }));
  const panels = bloodwork.flatMap((b) => b.panels);
  const markerRows = bloodwork.flatMap((b) => b.markers);
  await insertBloodwork(pool, panels, markerRows);
  log(`blood work: ${panels.length} panels, ${markerRows.length} markers (${markers.length} numeric markers in the dictionary)`);
  return { bloodwork, panels: panels.length, markers: markerRows.length, numericBefore, fallbackInserted, markersAvailable: markers.length };
}

/** Fresh statistics for the planner before the queries are measured. */
export async function vacuumAnalyze(pool: Pool): Promise<void> {
  await pool.query(`vacuum (analyze) vitalis.wearable_daily, vitalis.wearable_sleep, vitalis.wearable_activities,
                      vitalis_private.activity_source_keys, vitalis.blood_panels, vitalis.blood_markers, vitalis.audit_log,
                      vitalis.users, vitalis.biomarker_dictionary`);
}
