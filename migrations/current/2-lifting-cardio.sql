set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * Lifting cardio and timed sets (issue 9). Strong and Hevy log a rowing machine, a treadmill or a
 * plank as a set with a distance and/or a time and no reps; lifting_sets could hold neither, so
 * the importers dropped those rows. A set now records distance_m and duration_seconds, and needs
 * at least one of reps, distance or duration. Sessions left running in the app (Strong exports
 * "35h 23m") keep their length up to 7 days. Twins in src/validation/bounds.ts;
 * docs/schema-notes.md ("Lifting: timed and distance sets").
 */

alter table vitalis.lifting_sets add column if not exists distance_m numeric(9,2);
alter table vitalis.lifting_sets add column if not exists duration_seconds integer;
comment on column vitalis.lifting_sets.distance_m is
  'Distance of a distance set (rowing machine, treadmill, sled push, carry), in metres; null when the set has none.';
comment on column vitalis.lifting_sets.duration_seconds is
  'Time of a timed set (plank, bike, treadmill), in seconds; null when the set has none.';
comment on column vitalis.lifting_sets.reps is
  'Repetitions; null for a set measured only by distance or time (a set needs reps, a distance or a duration).';

select vitalis_private.put_check('vitalis.lifting_sets', 'lifting_sets_distance_m_range', 'distance_m >= 0 and distance_m <= 1000000');
select vitalis_private.put_check('vitalis.lifting_sets', 'lifting_sets_duration_seconds_range', 'duration_seconds >= 0 and duration_seconds <= 86400');
select vitalis_private.put_check('vitalis.lifting_sets', 'lifting_sets_has_measure',
  'reps is not null or distance_m is not null or duration_seconds is not null'
  || ' or vitalis_private.refuse(''a set needs reps, distanceM or durationSeconds'', ''reps'')');
comment on constraint lifting_sets_has_measure on vitalis.lifting_sets is
  'A set records what was done: reps, a distance or a duration (weight alone says nothing).';

-- Up to 7 days: a workout the user forgot to stop is still the file's value, kept as given.
select vitalis_private.put_check('vitalis.lifting_sessions', 'lifting_sessions_duration_seconds_range', 'duration_seconds >= 0 and duration_seconds <= 604800');

select vitalis_private.set_client_columns('vitalis.lifting_sets',
  '{session_id, exercise_id, set_number, exercise_order, weight_lbs, reps, rpe, is_warmup, notes, distance_m, duration_seconds}');

create or replace function vitalis.lifting_sets_distance_display(s vitalis.lifting_sets) returns vitalis.display_value
  language sql stable parallel unsafe security invoker as $$
  select vitalis_private.display_value(s.distance_m, 'm', 'distance', 2)
$$;
comment on function vitalis.lifting_sets_distance_display(vitalis.lifting_sets) is
  'distanceM in the signed-in user''s distance unit (miles or km), 2 decimals; null without a distance.';
revoke all on function vitalis.lifting_sets_distance_display(vitalis.lifting_sets) from public;
grant execute on function vitalis.lifting_sets_distance_display(vitalis.lifting_sets) to vitalis_api, vitalis_worker, vitalis_admin;

reset role;
