-- 009-audit.sql: who changed cameras, jobs and API keys, and when.
--
-- Written by the grains that make the changes (Orleans.Video.Grains/Access/AuditTrail.cs), whoever asked (HTTP API,
-- CLI, SDK): the actor comes with the call. Read by Orleans.Video.Storage/Access/AuditStore.cs, newest first.
CREATE TABLE IF NOT EXISTS video_audit
(
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    service_id text COLLATE "C" NOT NULL,
    at         timestamptz      NOT NULL,
    actor      text COLLATE "C" NOT NULL,
    action     text COLLATE "C" NOT NULL,
    target     text COLLATE "C" NOT NULL,
    detail     text
);
CREATE INDEX IF NOT EXISTS video_audit_newest ON video_audit (service_id, id DESC);
