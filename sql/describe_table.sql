-- One table's whole truth, from psql (as vitalis_admin or the owner):
--   psql "$DATABASE_URL" -v tbl=vitalis.blood_markers -f sql/describe_table.sql
-- Columns (type, nullability, default, comment), constraints, indexes, policies, table and column
-- grants, triggers and partitions, from vitalis_private.describe_table (migrations/current/2-secure-user-table.sql).
\pset pager off
select section, name, detail from vitalis_private.describe_table(:'tbl');
