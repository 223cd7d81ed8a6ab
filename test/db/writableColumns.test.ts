import { useTestDatabase } from '../helpers/db';

// The line between what a client writes and what the server owns, read from the catalog: every
// column a signed-in client (vitalis_api) may INSERT or UPDATE, table by table, and every
// volatile function it may call. A column or function that becomes writable shows up here and
// must be added to the reviewed list below; a server-owned one can never be added.

const db = useTestDatabase();


type Writable = Record<string, { insert: string[]; update: string[] }>;

async function writableColumns(role: string): Promise<Writable> {
  const { rows } = await db.pool.query<{ table: string; insert: string[]; update: string[] }>(
    `select c.relname as table,
            coalesce(array_agg(a.attname::text order by a.attname) filter (where has_column_privilege($1, c.oid, a.attnum, 'INSERT')), '{}') as insert,
            coalesce(array_agg(a.attname::text order by a.attname) filter (where has_column_privilege($1, c.oid, a.attnum, 'UPDATE')), '{}') as update
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      where n.nspname in ('vitalis', 'analytics') and c.relkind in ('r', 'p', 'v', 'm', 'f')
      group by c.relname
     having bool_or(has_column_privilege($1, c.oid, a.attnum, 'INSERT') or has_column_privilege($1, c.oid, a.attnum, 'UPDATE'))
      order by 1`,
    [role],
  );
  return Object.fromEntries(rows.map((r) => [r.table, { insert: r.insert, update: r.update }]));
}

const cols = (list: string) => list.split(/\s+/).filter(Boolean).sort();
const same = (list: string) => ({ insert: cols(list), update: cols(list) });
const softDeleted = (list: string) => ({ insert: cols(list), update: cols(`${list} deleted_at`) });

/** Reviewed: what a signed-in client may write. Everything not listed is the server's. */
const CLIENT_WRITABLE: Writable = {
  blood_markers: same('panel_id biomarker_id raw_name sub_panel value_numeric value_text unit ref_range_low ref_range_high ref_range_text flag lab_code'),
  blood_panels: softDeleted('lab_name lab_provider panel_name collected_at reported_at fasting specimen_id notes'),
  connected_devices: { insert: [], update: cols('display_name') },
  custom_metric_entries: same('metric_id value_numeric value_text measured_at notes'),
  custom_metrics: same('name unit data_type min_value max_value is_active'),
  dexa_bone_density: same('scan_id region bmd_g_cm2 t_score z_score'),
  dexa_regions: same('scan_id region body_fat_pct fat_lbs lean_lbs bmc_lbs total_mass_lbs'),
  dexa_scans: softDeleted(
    'provider scan_date age_at_scan height_in weight_lbs total_mass_lbs total_fat_lbs total_lean_lbs total_bmc_lbs total_body_fat_pct visceral_fat_lbs visceral_fat_in3 android_gynoid_ratio notes',
  ),
  doctor_visit_panels: same('visit_id panel_id'),
  doctor_visits: softDeleted('visit_date provider_name specialty notes follow_up_date'),
  documents: { insert: [], update: cols('document_type provider_name original_filename deleted_at') },
  epigenetic_organ_ages: same('test_id organ_system biological_age chronological_age delta_years direction'),
  epigenetic_tests: softDeleted('provider kit_id collected_at reported_at chronological_age biological_age pace_score pace_percentile telomere_length methylation_clock raw_data'),
  goals: same('metric_type biomarker_id metric_name target_value target_unit direction alert_threshold_low alert_threshold_high alert_enabled notes is_active'),
  lifting_sessions: softDeleted('session_date source source_session_id name duration_seconds notes'),
  lifting_sets: same('session_id exercise_id set_number exercise_order weight_lbs reps rpe is_warmup notes distance_m duration_seconds'),
  measurements: softDeleted('metric value unit measured_at source notes'),
  menstrual_cycles: same('cycle_date phase flow_intensity symptoms notes'),
  mood_journal: softDeleted('journal_date mood_score energy_score stress_score notes'),
  nutrition_logs: softDeleted('log_date meal_type calories_kcal protein_g carbs_g fat_g fiber_g source raw_data'),
  photos: { insert: [], update: cols('photo_date photo_type linked_scan_id notes deleted_at') },
  supplement_logs: same('supplement_id taken_at dose_amount dose_unit notes'),
  supplements: softDeleted('name brand dose_amount dose_unit frequency timing started_at ended_at purpose notes'),
  user_preferences: {
    insert: [],
    update: cols('weight_unit height_unit distance_unit temperature_unit energy_unit timezone notifications_enabled notification_prefs dashboard_layout source_priority auto_confirm_documents_at'),
  },
  users: { insert: [], update: cols('display_name date_of_birth biological_sex') },
  wearable_activities: same(
    'activity_date source source_activity_id activity_type activity_name start_time end_time duration_seconds distance_m calories_kcal avg_hr_bpm max_hr_bpm hr_zone_1_seconds hr_zone_2_seconds hr_zone_3_seconds hr_zone_4_seconds hr_zone_5_seconds avg_pace_sec_per_km avg_speed_kmh elevation_gain_m avg_power_watts normalized_power_watts training_stress_score training_effect_aerobic training_effect_anaerobic vo2_max_ml_kg_min notes raw_data',
  ),
  wearable_daily: same(
    'date source resting_hr_bpm max_hr_bpm hrv_rmssd_ms steps active_calories_kcal total_calories_kcal active_minutes moderate_intensity_minutes vigorous_intensity_minutes distance_m floors_climbed spo2_avg_pct spo2_min_pct respiratory_rate_avg stress_avg body_battery_start body_battery_end readiness_score recovery_score skin_temp_deviation_c vo2_max_ml_kg_min raw_data',
  ),
  wearable_sleep: same(
    'sleep_date source sleep_start sleep_end total_sleep_minutes rem_minutes deep_minutes light_minutes awake_minutes sleep_latency_minutes sleep_efficiency_pct sleep_score interruptions avg_hr_bpm min_hr_bpm avg_hrv_ms avg_respiratory_rate avg_spo2_pct avg_skin_temp_deviation_c hypnogram raw_data nap_minutes nap_count',
  ),
};

/** Columns the server owns wherever they appear: identity, ownership, stamps, sync state, files, results. */
const SERVER_OWNED = new Set([
  'user_id', 'account_id', 'created_at', 'updated_at', 'source_updated_at', 'requested_at', 'completed_at', 'queued_at',
  'access_token_enc', 'refresh_token_enc', 'token_expires_at', 'scope', 'external_user_id', 'last_sync_at', 'last_sync_status', 'last_sync_error', 'sync_cursor',
  's3_key', 's3_thumbnail_key', 'file_size_bytes', 'mime_type', 'parse_status', 'parse_confidence', 'parse_result', 'parsed_at', 'confirmed_at', 'confirmed_by',
  'linked_record_id', 'linked_record_type', 'error_message', 'document_id',
  'value_canonical', 'in_range', 'optimal_low', 'optimal_high',
  'status', 'tables_deleted', 'grace_period_ends_at', 'expires_at', 'attempts', 'max_attempts', 'next_retry_at', 'payload', 'result', 'priority',
  'email', 'email_verified_at', 'password_hash', 'role', 'last_login_at', 'stripe_customer_id', 'subscription_tier', 'subscription_status', 'max_users', 'over_max_users_since',
  'triggered_at', 'trigger_value', 'acknowledged_at', 'dismissed_at', 'is_dismissed', 'correlation_r', 'p_value', 'data_points',
]);
/** Tables only the server writes (the worker, the sign-in and household functions, the audit triggers). */
const SERVER_TABLES = ['accounts', 'audit_log', 'goal_alerts', 'household_invites', 'ingestion_jobs', 'insights', 'oauth_identities', 'profile_shares', 'deletion_requests', 'data_export_requests'];

test('a signed-in client may write exactly the reviewed columns, table by table', async () => {
  expect(await writableColumns('vitalis_api')).toEqual(CLIENT_WRITABLE);
});

test('no server-owned column, primary key, or server-written table is writable by a client', async () => {
  const writable = await writableColumns('vitalis_api');
  const { rows: keys } = await db.pool.query<{ table: string; column: string }>(
    `select c.relname as table, a.attname as column from pg_constraint k join pg_class c on c.oid = k.conrelid
       join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid and a.attnum = any (k.conkey)
      where n.nspname = 'vitalis' and k.contype = 'p' and not c.relispartition`,
  );
  const primaryKeys = new Set(keys.map((k) => `${k.table}.${k.column}`));
  const offending: string[] = [];
  for (const [table, { insert, update }] of Object.entries(writable)) {
    if (SERVER_TABLES.includes(table)) offending.push(`${table} (server-written table)`);
    for (const column of new Set([...insert, ...update])) {
      if (SERVER_OWNED.has(column)) offending.push(`${table}.${column}`);
      // A date partition key is part of the key but is the user's (the day the data is for).
      if (primaryKeys.has(`${table}.${column}`) && !['date', 'sleep_date', 'activity_date', 'visit_id', 'panel_id'].includes(column)) offending.push(`${table}.${column} (primary key)`);
    }
  }
  expect(offending).toEqual([]);
});

test('the anonymous, read-only and analytics roles write nothing', async () => {
  for (const role of ['vitalis_anonymous', 'vitalis_readonly']) {
    expect({ role, writable: await writableColumns(role) }).toEqual({ role, writable: {} });
  }
});

test('no partition grants anything: partitions are reached only through their parent (and its RLS)', async () => {
  const { rows } = await db.pool.query(
    `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'vitalis' and c.relispartition and c.relkind in ('r', 'p')
        and (has_table_privilege('vitalis_api', c.oid, 'SELECT, INSERT, UPDATE, DELETE') or has_table_privilege('vitalis_anonymous', c.oid, 'SELECT'))`,
  );
  expect(rows).toEqual([]);
});

test('the functions that write, callable by a client, are the reviewed ones', async () => {
  const { rows } = await db.pool.query<{ role: string; name: string }>(
    `select r.role, p.proname as name
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       cross join (values ('vitalis_api'), ('vitalis_anonymous')) r(role)
      where n.nspname = 'vitalis' and p.provolatile = 'v' and p.prorettype <> 'trigger'::regtype
        and has_function_privilege(r.role, p.oid, 'EXECUTE')
      order by 1, 2`,
  );
  expect(rows.filter((r) => r.role === 'vitalis_anonymous').map((r) => r.name)).toEqual([]);
  expect(rows.filter((r) => r.role === 'vitalis_api').map((r) => r.name)).toEqual([
    'accept_household_invite',
    'acknowledge_goal_alert',
    'cancel_account_deletion',
    'cancel_ingestion_job',
    'confirm_document',
    'confirm_document_upload',
    'create_file_import',
    'dismiss_insight',
    'grant_document_review',
    'grant_profile_view',
    'invite_household_member',
    'request_data_export',
    'request_provider_sync',
    'revise_document_header',
    'revise_document_item',
    'revoke_document_review',
    'revoke_household_invite',
    'revoke_profile_view',
    'set_timezone',
    'upsert_blood_panels',
    'upsert_dexa_scans',
    'upsert_epigenetic_tests',
    'upsert_measurements',
    'upsert_wearable_activities',
    'upsert_wearable_daily',
    'upsert_wearable_sleep',
  ]);
});

test('user_id is filled from the request context on every user-data table', async () => {
  const { rows } = await db.pool.query<{ table: string; default: string | null }>(
    `select c.relname as table, pg_get_expr(d.adbin, d.adrelid) as default
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attname = 'user_id' and not a.attisdropped
       left join pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
      where n.nspname = 'vitalis' and c.relkind in ('r', 'p') and not c.relispartition
        and c.relname not in ('users', 'audit_log')
      order by 1`,
  );
  expect(rows.length).toBeGreaterThan(30);
  expect(rows.filter((r) => r.default !== 'vitalis.current_user_id()')).toEqual([]);
});
