--! Previous: sha1:0c8811e210e00e0bb81d7cf9dacaec7e471ad31a
--! Hash: sha1:285c551d7b587b5c94359e215f03f7d5b9ac25ce
--! Message: The dashboard and the training load plan once per connection (force_generic_plan) instead of on every call

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- The dashboard and the training load read the partitioned wearable tables with dates held in
-- PL/pgSQL variables. Under plan_cache_mode = auto PostgreSQL kept choosing a custom plan, which
-- prunes at plan time and looks cheaper, so it planned their statements again on every call. One
-- generic plan per connection, pruned when it runs, is cheaper in time: on the 200-user bench set,
-- as vitalis_api, medians of 60 calls in one session: dashboard(30) 1.52 -> 0.58 ms,
-- training_load (90 days) 0.92 -> 0.39 ms.
alter function vitalis.dashboard(integer, uuid) set plan_cache_mode = force_generic_plan;
alter function vitalis.training_load(date, date) set plan_cache_mode = force_generic_plan;

reset role;
