/*
 * Source documents and lab work. Children carry user_id (denormalised for RLS) and reference
 * their parent by (id, user_id), so nobody can attach a row to another user's panel, scan or
 * test: a foreign key check ignores RLS, a composite key does not let the owner differ.
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

create table vitalis.documents (
  document_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  document_type vitalis.document_type not null,
  provider_name text,
  original_filename text,
  s3_key text not null,
  file_size_bytes integer check (file_size_bytes >= 0),
  mime_type text default 'application/pdf',
  parse_status vitalis.parse_status default 'pending',
  parse_confidence numeric(3,2) check (parse_confidence between 0 and 1),
  parse_result jsonb,
  parsed_at timestamptz,
  confirmed_at timestamptz,
  confirmed_by uuid references vitalis.users on delete set null,
  linked_record_id uuid,
  linked_record_type text check (linked_record_type in ('blood_panel', 'dexa_scan', 'epigenetic_test')),
  error_message text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  unique (document_id, user_id)
);
comment on table vitalis.documents is 'A file the user uploaded (lab PDF, DEXA report, epigenetic report), kept in object storage, and what parsing made of it.';
comment on column vitalis.documents.s3_key is 'Object key in the storage bucket.';
comment on column vitalis.documents.parse_result is 'Raw extraction result, before the user confirms it.';
comment on column vitalis.documents.confirmed_by is 'Who confirmed the parsed values (may be another member of the household).';
comment on column vitalis.documents.linked_record_id is 'The panel, scan or test created from this document.';
create index documents_user_id_created_at_idx on vitalis.documents (user_id, created_at desc);
create index documents_parse_status_pending_idx on vitalis.documents (parse_status) where parse_status = 'pending';
create index documents_confirmed_by_idx on vitalis.documents (confirmed_by);
select vitalis_private.add_updated_at_trigger('vitalis.documents');
select vitalis_private.secure_user_table('vitalis.documents', 'document_id');

create table vitalis.biomarker_dictionary (
  biomarker_id uuid primary key default gen_random_uuid(),
  canonical_name text not null unique check (canonical_name ~ '^[a-z0-9]+(_[a-z0-9]+)*$'),
  display_name text not null,
  category vitalis.biomarker_category not null,
  subcategory text,
  canonical_unit text not null,
  common_units text[],
  loinc_code text check (loinc_code ~ '^[0-9]{1,7}-[0-9]$'),
  description text,
  aliases text[],
  sex_specific_ranges boolean not null default false,
  optimal_low_male numeric(12,4),
  optimal_high_male numeric(12,4),
  optimal_low_female numeric(12,4),
  optimal_high_female numeric(12,4),
  normal_low numeric(12,4),
  normal_high numeric(12,4),
  is_qualitative boolean not null default false,
  sort_order integer,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (normal_low is null or normal_high is null or normal_low <= normal_high),
  check (optimal_low_male is null or optimal_high_male is null or optimal_low_male <= optimal_high_male),
  check (optimal_low_female is null or optimal_high_female is null or optimal_low_female <= optimal_high_female)
);
comment on table vitalis.biomarker_dictionary is 'Canonical list of lab biomarkers, shared by all users: names, aliases for matching lab reports, LOINC codes, units, reference and optimal ranges.';
comment on column vitalis.biomarker_dictionary.canonical_name is 'Stable slug, e.g. glucose, hdl_cholesterol, testosterone_total.';
comment on column vitalis.biomarker_dictionary.canonical_unit is 'The unit value_canonical is stored in (US conventional units, as Quest and Labcorp print them).';
comment on column vitalis.biomarker_dictionary.common_units is 'Every unit a lab result for this marker may be reported in; others are rejected.';
comment on column vitalis.biomarker_dictionary.loinc_code is 'LOINC code for interoperability with EHRs.';
comment on column vitalis.biomarker_dictionary.aliases is 'Lowercase spellings used by labs (Quest, Labcorp, Epic) for matching report lines.';
comment on column vitalis.biomarker_dictionary.sex_specific_ranges is 'True when optimal ranges differ between men and women.';
comment on column vitalis.biomarker_dictionary.normal_low is 'General-population reference range low, in the canonical unit.';
comment on column vitalis.biomarker_dictionary.normal_high is 'General-population reference range high, in the canonical unit.';
comment on column vitalis.biomarker_dictionary.is_qualitative is 'True for results that are words (NEGATIVE, POSITIVE, CLEAR) rather than numbers.';
create index biomarker_dictionary_aliases_idx on vitalis.biomarker_dictionary using gin (aliases);
create index biomarker_dictionary_canonical_name_idx on vitalis.biomarker_dictionary (canonical_name);
create index biomarker_dictionary_category_idx on vitalis.biomarker_dictionary (category);
select vitalis_private.add_updated_at_trigger('vitalis.biomarker_dictionary');
grant select on vitalis.biomarker_dictionary to vitalis_anonymous, vitalis_api, vitalis_worker, vitalis_readonly, vitalis_admin;

create table vitalis.blood_panels (
  panel_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  lab_name text,
  lab_provider text,
  panel_name text,
  collected_at timestamptz,
  reported_at timestamptz,
  fasting boolean,
  specimen_id text,
  document_id uuid,
  notes text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  unique (panel_id, user_id),
  foreign key (document_id, user_id) references vitalis.documents (document_id, user_id) on delete set null (document_id),
  check (reported_at is null or collected_at is null or reported_at >= collected_at)
);
comment on table vitalis.blood_panels is 'One lab visit or panel order: when it was collected and by which lab.';
comment on column vitalis.blood_panels.lab_name is 'The lab: Quest, Labcorp, ...';
comment on column vitalis.blood_panels.lab_provider is 'The ordering provider.';
comment on column vitalis.blood_panels.specimen_id is 'The lab''s specimen identifier.';
comment on column vitalis.blood_panels.document_id is 'The PDF this panel was parsed from.';
create index blood_panels_user_id_collected_at_idx on vitalis.blood_panels (user_id, collected_at desc);
create index blood_panels_document_id_idx on vitalis.blood_panels (document_id);
select vitalis_private.add_updated_at_trigger('vitalis.blood_panels');
select vitalis_private.secure_user_table('vitalis.blood_panels', 'panel_id');

create table vitalis.blood_markers (
  marker_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  panel_id uuid not null,
  biomarker_id uuid references vitalis.biomarker_dictionary on delete set null,
  raw_name text not null check (length(btrim(raw_name)) > 0),
  sub_panel text,
  value_numeric numeric(12,4) constraint blood_markers_value_numeric_finite check (value_numeric not in ('NaN', 'Infinity', '-Infinity')),
  value_text text,
  unit text,
  value_canonical numeric(12,4),
  ref_range_low numeric(12,4),
  ref_range_high numeric(12,4),
  ref_range_text text,
  flag text check (flag in ('H', 'L', 'HH', 'LL', 'ABNORMAL')),
  in_range boolean,
  optimal_low numeric(12,4),
  optimal_high numeric(12,4),
  lab_code text,
  parse_confidence numeric(3,2) check (parse_confidence between 0 and 1),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (panel_id, user_id) references vitalis.blood_panels (panel_id, user_id) on delete cascade,
  constraint blood_markers_has_value check (value_numeric is not null or value_text is not null)
);
comment on table vitalis.blood_markers is 'One result line of a lab panel, matched to the biomarker dictionary and converted to the canonical unit.';
comment on column vitalis.blood_markers.user_id is 'Owner (denormalised from the panel for row-level security).';
comment on column vitalis.blood_markers.biomarker_id is 'The dictionary marker; NULL when the line could not be matched.';
comment on column vitalis.blood_markers.raw_name is 'The test name exactly as printed on the report.';
comment on column vitalis.blood_markers.sub_panel is 'Section of the report, e.g. CBC, CMP, Cardio IQ.';
comment on column vitalis.blood_markers.value_numeric is 'The value as reported, in unit. Must be finite.';
comment on column vitalis.blood_markers.value_text is 'Qualitative result (NEGATIVE, POSITIVE, A, ...), or the printed text of a censored value such as <5.0.';
comment on column vitalis.blood_markers.unit is 'Unit as reported; must be one the marker accepts (biomarker_dictionary.common_units).';
comment on column vitalis.blood_markers.value_canonical is 'value_numeric converted to the marker''s canonical unit (filled automatically).';
comment on column vitalis.blood_markers.ref_range_text is 'Reference range exactly as printed, e.g. "<200", "Not Estab.".';
comment on column vitalis.blood_markers.flag is 'H, L, HH, LL or ABNORMAL as printed by the lab; computed from the ranges when the lab printed none.';
comment on column vitalis.blood_markers.in_range is 'Whether the value lies within the lab''s reference range (or the dictionary''s, when the lab gave none).';
comment on column vitalis.blood_markers.optimal_low is 'Optimal range low for the user''s sex, copied from the dictionary at entry.';
comment on column vitalis.blood_markers.optimal_high is 'Optimal range high for the user''s sex, copied from the dictionary at entry.';
comment on column vitalis.blood_markers.parse_confidence is '0.00-1.00 when the value was extracted automatically.';
create index blood_markers_user_id_biomarker_id_panel_id_idx on vitalis.blood_markers (user_id, biomarker_id, panel_id);
create index blood_markers_user_id_biomarker_id_idx on vitalis.blood_markers (user_id, biomarker_id);
create index blood_markers_panel_id_idx on vitalis.blood_markers (panel_id);
create index blood_markers_biomarker_id_idx on vitalis.blood_markers (biomarker_id);
-- One result per marker per panel (SCHEMA.md 6: duplicate detection); unmatched lines by name.
create unique index blood_markers_panel_id_biomarker_id_key on vitalis.blood_markers (panel_id, biomarker_id) where biomarker_id is not null;
select vitalis_private.add_updated_at_trigger('vitalis.blood_markers');
select vitalis_private.secure_user_table('vitalis.blood_markers', 'marker_id');
