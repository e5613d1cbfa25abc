-- 001-main.sql: the table Orleans' ADO.NET providers read their SQL from.
--
-- At start each provider (clustering, grain storage, reminders) runs
--   SELECT QueryKey, QueryText FROM OrleansQuery
-- and afterwards only executes the texts it found there, binding its own parameters (@Name) to them.
-- The packages ship no SQL, so the later scripts fill this table with the project's own queries.
--
-- The identifiers are unquoted on purpose: the providers' query is unquoted too, so both fold to
-- orleansquery / querykey / querytext.
--
-- Every script in deploy/sql is idempotent and applied in name order inside one transaction
-- (PostgresSchema.ApplyAsync); query rows are upserted so that a newer script replaces older texts.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);
