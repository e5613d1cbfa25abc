-- 005-data-protection.sql: the ASP.NET Core data-protection key ring, shared by every silo.
--
-- The login cookie is protected with these keys. Every silo behind a load balancer must use the same ring, or a
-- cookie issued by one is refused by the next; PostgreSQL is the one store every silo already reaches, so the ring
-- lives here (silo/Orleans.Video.Silo/Security/PostgresKeyRing.cs) instead of on a volume each deployment must
-- share. Rows are only ever added: data protection writes a new key and never edits an old one.

CREATE TABLE IF NOT EXISTS orleans_video_data_protection_keys
(
    friendly_name text        NOT NULL PRIMARY KEY,
    xml           text        NOT NULL,
    created       timestamptz NOT NULL DEFAULT now()
);
