/*
 * DEXA scans, epigenetic tests and lifting. Child rows reference their parent by (id, user_id)
 * so they can only hang under the same user's parent.
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

create table vitalis.dexa_scans (
  scan_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  provider text,
  scan_date date not null,
  age_at_scan numeric(4,1) check (age_at_scan between 0 and 150),
  height_in numeric(5,2) check (height_in between 20 and 110),
  weight_lbs numeric(6,2) check (weight_lbs between 20 and 1000),
  total_mass_lbs numeric(6,2) check (total_mass_lbs between 20 and 1000),
  total_fat_lbs numeric(6,2) check (total_fat_lbs >= 0),
  total_lean_lbs numeric(6,2) check (total_lean_lbs >= 0),
  total_bmc_lbs numeric(6,2) check (total_bmc_lbs >= 0),
  total_body_fat_pct numeric(4,1) constraint dexa_scans_total_body_fat_pct_range check (total_body_fat_pct between 1 and 80),
  visceral_fat_lbs numeric(6,3) check (visceral_fat_lbs >= 0),
  visceral_fat_in3 numeric(7,2) check (visceral_fat_in3 >= 0),
  android_gynoid_ratio numeric(4,2) check (android_gynoid_ratio between 0 and 10),
  document_id uuid,
  notes text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  unique (scan_id, user_id),
  foreign key (document_id, user_id) references vitalis.documents (document_id, user_id) on delete set null (document_id)
);
comment on table vitalis.dexa_scans is 'One DEXA scan session: whole-body composition totals. Regions and bone density are in dexa_regions and dexa_bone_density.';
comment on column vitalis.dexa_scans.provider is 'Scan provider, e.g. DexaFit, BodySpec.';
comment on column vitalis.dexa_scans.height_in is 'Height in inches as measured at the scan.';
comment on column vitalis.dexa_scans.weight_lbs is 'Scale weight the same day, in pounds.';
comment on column vitalis.dexa_scans.total_mass_lbs is 'Total mass measured by DEXA (may differ from the scale).';
comment on column vitalis.dexa_scans.total_bmc_lbs is 'Bone mineral content, in pounds.';
comment on column vitalis.dexa_scans.visceral_fat_in3 is 'Visceral adipose tissue volume, in cubic inches.';
comment on column vitalis.dexa_scans.android_gynoid_ratio is 'Android (belly) to gynoid (hip) fat ratio.';
create index dexa_scans_user_id_scan_date_idx on vitalis.dexa_scans (user_id, scan_date desc);
create index dexa_scans_document_id_idx on vitalis.dexa_scans (document_id);
select vitalis_private.add_updated_at_trigger('vitalis.dexa_scans');
select vitalis_private.secure_user_table('vitalis.dexa_scans', 'scan_id');

create table vitalis.dexa_regions (
  region_id uuid primary key default gen_random_uuid(),
  scan_id uuid not null,
  user_id uuid not null references vitalis.users on delete cascade,
  region vitalis.dexa_region not null,
  body_fat_pct numeric(4,1) constraint dexa_regions_body_fat_pct_range check (body_fat_pct between 1 and 80),
  fat_lbs numeric(6,2) check (fat_lbs >= 0),
  lean_lbs numeric(6,2) check (lean_lbs >= 0),
  bmc_lbs numeric(5,3) check (bmc_lbs >= 0),
  total_mass_lbs numeric(6,2) check (total_mass_lbs >= 0),
  unique (scan_id, region),
  foreign key (scan_id, user_id) references vitalis.dexa_scans (scan_id, user_id) on delete cascade
);
comment on table vitalis.dexa_regions is 'Body composition of one anatomical region of a DEXA scan.';
comment on column vitalis.dexa_regions.bmc_lbs is 'Bone mineral content of the region, in pounds.';
create index dexa_regions_user_id_scan_id_idx on vitalis.dexa_regions (user_id, scan_id);
select vitalis_private.secure_user_table('vitalis.dexa_regions', 'region_id');

create table vitalis.dexa_bone_density (
  density_id uuid primary key default gen_random_uuid(),
  scan_id uuid not null,
  user_id uuid not null references vitalis.users on delete cascade,
  region vitalis.bone_density_region not null,
  bmd_g_cm2 numeric(6,3) check (bmd_g_cm2 between 0 and 5),
  t_score numeric(4,1) check (t_score between -10 and 10),
  z_score numeric(4,1) check (z_score between -10 and 10),
  unique (scan_id, region),
  foreign key (scan_id, user_id) references vitalis.dexa_scans (scan_id, user_id) on delete cascade
);
comment on table vitalis.dexa_bone_density is 'Bone mineral density of one skeletal region of a DEXA scan, with T- and Z-scores.';
comment on column vitalis.dexa_bone_density.bmd_g_cm2 is 'Bone mineral density, g/cm².';
comment on column vitalis.dexa_bone_density.t_score is 'Standard deviations from a young adult (30-35 year) peak.';
comment on column vitalis.dexa_bone_density.z_score is 'Standard deviations from people of the same age and sex.';
create index dexa_bone_density_user_id_scan_id_idx on vitalis.dexa_bone_density (user_id, scan_id);
select vitalis_private.secure_user_table('vitalis.dexa_bone_density', 'density_id');

create table vitalis.epigenetic_tests (
  test_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  provider text,
  kit_id text,
  collected_at date,
  reported_at date,
  chronological_age numeric(4,1) check (chronological_age between 0 and 150),
  biological_age numeric(4,1) check (biological_age between 0 and 200),
  pace_score numeric(4,2) constraint epigenetic_tests_pace_score_range check (pace_score between 0.2 and 3.0),
  pace_percentile numeric(5,2) check (pace_percentile between 0 and 100),
  telomere_length numeric(6,3) check (telomere_length between 0 and 100),
  methylation_clock text,
  document_id uuid,
  raw_data jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  unique (test_id, user_id),
  foreign key (document_id, user_id) references vitalis.documents (document_id, user_id) on delete set null (document_id),
  check (reported_at is null or collected_at is null or reported_at >= collected_at)
);
comment on table vitalis.epigenetic_tests is 'One epigenetic test kit result (Blueprint, TruDiagnostic, ...): biological age and pace of aging.';
comment on column vitalis.epigenetic_tests.kit_id is 'The provider''s kit identifier.';
comment on column vitalis.epigenetic_tests.biological_age is 'Overall epigenetic age, in years.';
comment on column vitalis.epigenetic_tests.pace_score is 'DunedinPACE: years of biological aging per calendar year (1.0 = average).';
comment on column vitalis.epigenetic_tests.pace_percentile is 'Percentage of the population aging slower.';
comment on column vitalis.epigenetic_tests.telomere_length is 'Estimated telomere length in kb, if measured.';
comment on column vitalis.epigenetic_tests.methylation_clock is 'Algorithm used: dunedinpace, horvath, grimage, phenoage, ...';
create index epigenetic_tests_user_id_collected_at_idx on vitalis.epigenetic_tests (user_id, collected_at desc);
create index epigenetic_tests_document_id_idx on vitalis.epigenetic_tests (document_id);
select vitalis_private.add_updated_at_trigger('vitalis.epigenetic_tests');
select vitalis_private.secure_user_table('vitalis.epigenetic_tests', 'test_id');

create table vitalis.epigenetic_organ_ages (
  organ_age_id uuid primary key default gen_random_uuid(),
  test_id uuid not null,
  user_id uuid not null references vitalis.users on delete cascade,
  organ_system vitalis.organ_system not null,
  biological_age numeric(4,1) check (biological_age between 0 and 200),
  chronological_age numeric(4,1) check (chronological_age between 0 and 150),
  delta_years numeric(4,1),
  direction text check (direction in ('younger', 'older', 'same')),
  unique (test_id, organ_system),
  foreign key (test_id, user_id) references vitalis.epigenetic_tests (test_id, user_id) on delete cascade
);
comment on table vitalis.epigenetic_organ_ages is 'Biological age of one organ system from an epigenetic test (11-12 rows per test).';
comment on column vitalis.epigenetic_organ_ages.delta_years is 'biological_age - chronological_age; negative is younger.';
comment on column vitalis.epigenetic_organ_ages.direction is 'younger, older or same, relative to chronological age.';
create index epigenetic_organ_ages_user_id_test_id_idx on vitalis.epigenetic_organ_ages (user_id, test_id);
select vitalis_private.secure_user_table('vitalis.epigenetic_organ_ages', 'organ_age_id');

create table vitalis.exercise_dictionary (
  exercise_id uuid primary key default gen_random_uuid(),
  canonical_name text not null unique check (canonical_name ~ '^[a-z0-9]+(_[a-z0-9]+)*$'),
  display_name text not null,
  aliases text[],
  primary_muscle text,
  secondary_muscles text[],
  equipment text,
  category text check (category in ('compound', 'isolation', 'cardio')),
  created_at timestamptz not null default now()
);
comment on table vitalis.exercise_dictionary is 'Canonical exercise catalogue, shared by all users. Aliases hold the names Strong, Hevy and gyms use.';
comment on column vitalis.exercise_dictionary.aliases is 'Lowercase names matched exactly by importers, e.g. "bench press (barbell)".';
comment on column vitalis.exercise_dictionary.category is 'compound, isolation or cardio.';
create index exercise_dictionary_aliases_idx on vitalis.exercise_dictionary using gin (aliases);
grant select on vitalis.exercise_dictionary to vitalis_anonymous, vitalis_api, vitalis_worker, vitalis_readonly, vitalis_admin;

create table vitalis.lifting_sessions (
  session_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  session_date date not null,
  source vitalis.data_source,
  source_session_id text,
  name text,
  duration_seconds integer check (duration_seconds between 0 and 86400),
  notes text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  unique (session_id, user_id)
);
comment on table vitalis.lifting_sessions is 'One strength-training session.';
comment on column vitalis.lifting_sessions.source_session_id is 'Importer''s key for the session (re-imports update it instead of duplicating).';
comment on column vitalis.lifting_sessions.name is 'e.g. "Upper A", "Push Day".';
create index lifting_sessions_user_id_session_date_idx on vitalis.lifting_sessions (user_id, session_date desc);
create unique index lifting_sessions_user_id_source_source_session_id_key on vitalis.lifting_sessions (user_id, source, source_session_id) where source_session_id is not null;
select vitalis_private.add_updated_at_trigger('vitalis.lifting_sessions');
select vitalis_private.secure_user_table('vitalis.lifting_sessions', 'session_id');

create table vitalis.lifting_sets (
  set_id uuid primary key default gen_random_uuid(),
  session_id uuid not null,
  user_id uuid not null references vitalis.users on delete cascade,
  exercise_id uuid references vitalis.exercise_dictionary on delete set null,
  set_number smallint check (set_number between 1 and 999),
  exercise_order smallint check (exercise_order between 1 and 999),
  weight_lbs numeric(6,2) constraint lifting_sets_weight_lbs_range check (weight_lbs between 0 and 2000),
  reps smallint constraint lifting_sets_reps_range check (reps between 1 and 999),
  rpe numeric(3,1) constraint lifting_sets_rpe_range check (rpe between 0 and 10),
  is_warmup boolean default false,
  notes text,
  created_at timestamptz not null default now(),
  foreign key (session_id, user_id) references vitalis.lifting_sessions (session_id, user_id) on delete cascade
);
comment on table vitalis.lifting_sets is 'One set within a lifting session.';
comment on column vitalis.lifting_sets.set_number is 'Order of the set within its exercise block.';
comment on column vitalis.lifting_sets.exercise_order is 'Order of the exercise within the session.';
comment on column vitalis.lifting_sets.rpe is 'Rate of perceived exertion, 0-10.';
create index lifting_sets_user_id_session_id_idx on vitalis.lifting_sets (user_id, session_id);
create index lifting_sets_exercise_id_user_id_idx on vitalis.lifting_sets (exercise_id, user_id);
create index lifting_sets_session_id_idx on vitalis.lifting_sets (session_id);
select vitalis_private.secure_user_table('vitalis.lifting_sets', 'set_id');
