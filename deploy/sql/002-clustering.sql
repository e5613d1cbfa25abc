-- 002-clustering.sql: the membership table behind UseAdoNetClustering (silos) and the gateway list
-- (clients).
--
-- Orleans keeps membership optimistic: every change to a silo's row must name the table version it
-- read, and bumps that version in the same statement; a writer holding an old version gets `false`
-- and re-reads. The version lives in its own row per cluster (deployment_id = ClusterId), which also
-- serialises concurrent writers: they queue on that row's lock and the loser's version check fails.
--
-- Parameters the provider binds: @DeploymentId (text), @Address (text), @Port, @Generation,
-- @Status, @ProxyPort, @Version (int), @SiloName, @HostName, @SuspectTimes (text or NULL),
-- @StartTime, @IAmAliveTime (timestamptz; Npgsql sends DateTime as timestamptz and accepts only UTC,
-- which is what Orleans passes).
--
-- Result columns are read by name, so they are aliased with quotes to keep their case.
-- Status values are Orleans' SiloStatus: 3 = Active, 6 = Dead.

CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id text        NOT NULL PRIMARY KEY,
    version       integer     NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS orleans_membership
(
    -- Deleting a cluster's version row (DeleteMembershipTableEntriesKey) takes its silos with it.
    deployment_id text        NOT NULL REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE,
    address       text        NOT NULL,
    port          integer     NOT NULL,
    generation    integer     NOT NULL,
    -- NOT NULL: the provider casts these straight to string and cannot take a NULL back.
    silo_name     text        NOT NULL,
    host_name     text        NOT NULL,
    status        integer     NOT NULL,
    proxy_port    integer     NOT NULL DEFAULT 0,
    -- "silo-address,date|silo-address,date": Orleans' own encoding of the suspicion votes.
    suspect_times text,
    start_time    timestamptz NOT NULL,
    iamalive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Run by every starting silo. It must return exactly one boolean (true = this call created the row),
-- also when the row already exists, hence the CTE instead of a bare INSERT ... RETURNING.
('InsertMembershipVersionKey', $sql$
WITH created AS (
    INSERT INTO orleans_membership_version (deployment_id)
    VALUES (@DeploymentId)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM created)
$sql$),

-- A silo announces itself (status Joining). The version bump and the insert happen together or not
-- at all: the bump is skipped when the row exists already, and the insert feeds on the bump.
('InsertMembershipKey', $sql$
WITH bumped AS (
    UPDATE orleans_membership_version v
    SET version = v.version + 1, changed_at = now()
    WHERE v.deployment_id = @DeploymentId
      AND v.version = @Version
      AND NOT EXISTS (
          SELECT 1 FROM orleans_membership m
          WHERE m.deployment_id = @DeploymentId
            AND m.address = @Address AND m.port = @Port AND m.generation = @Generation)
    RETURNING v.deployment_id
), inserted AS (
    INSERT INTO orleans_membership
        (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port,
         start_time, iamalive_time)
    SELECT b.deployment_id, @Address, @Port, @Generation, coalesce(@SiloName, ''), coalesce(@HostName, ''),
           @Status, coalesce(@ProxyPort, 0), @StartTime, @IAmAliveTime
    FROM bumped b
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM inserted)
$sql$),

-- Status changes and suspicion votes; same all-or-nothing shape as the insert.
('UpdateMembershipKey', $sql$
WITH bumped AS (
    UPDATE orleans_membership_version v
    SET version = v.version + 1, changed_at = now()
    WHERE v.deployment_id = @DeploymentId
      AND v.version = @Version
      AND EXISTS (
          SELECT 1 FROM orleans_membership m
          WHERE m.deployment_id = @DeploymentId
            AND m.address = @Address AND m.port = @Port AND m.generation = @Generation)
    RETURNING v.deployment_id
), updated AS (
    UPDATE orleans_membership m
    SET status = @Status, suspect_times = @SuspectTimes, iamalive_time = @IAmAliveTime
    FROM bumped b
    WHERE m.deployment_id = b.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM updated)
$sql$),

-- The heartbeat. Deliberately outside the versioning: it is frequent, and other silos only read it
-- as a hint when judging liveness.
('UpdateIAmAlivetimeKey', $sql$
UPDATE orleans_membership
SET iamalive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation
$sql$),

-- Both reads start from the version row and LEFT JOIN the silos: the provider takes the table
-- version from the first row, so a cluster without (matching) silos must still yield one row, with
-- NULL silo columns (a NULL StartTime means "no entry"). One statement = one snapshot, so the
-- version and the rows agree.
('MembershipReadRowKey', $sql$
SELECT v.version       AS "Version",
       m.address       AS "Address",
       m.port          AS "Port",
       m.generation    AS "Generation",
       m.silo_name     AS "SiloName",
       m.host_name     AS "HostName",
       m.status        AS "Status",
       m.proxy_port    AS "ProxyPort",
       m.suspect_times AS "SuspectTimes",
       m.start_time    AS "StartTime",
       m.iamalive_time AS "IAmAliveTime"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m
       ON m.deployment_id = v.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId
$sql$),

('MembershipReadAllKey', $sql$
SELECT v.version       AS "Version",
       m.address       AS "Address",
       m.port          AS "Port",
       m.generation    AS "Generation",
       m.silo_name     AS "SiloName",
       m.host_name     AS "HostName",
       m.status        AS "Status",
       m.proxy_port    AS "ProxyPort",
       m.suspect_times AS "SuspectTimes",
       m.start_time    AS "StartTime",
       m.iamalive_time AS "IAmAliveTime"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId
$sql$),

-- What clients connect to: active silos that run a gateway (@Status is Active).
('GatewaysQueryKey', $sql$
SELECT address    AS "Address",
       proxy_port AS "ProxyPort",
       generation AS "Generation"
FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND status = @Status
  AND proxy_port > 0
$sql$),

-- Removes a whole cluster (tests, redeployments); the silo rows go through ON DELETE CASCADE.
('DeleteMembershipTableEntriesKey', $sql$
DELETE FROM orleans_membership_version
WHERE deployment_id = @DeploymentId
$sql$),

-- Bulk clean-up of silos that stopped heart-beating before @IAmAliveTime and are not active.
-- Required by the provider, but it prefers CleanupDefunctSiloEntryKey below when that exists.
('CleanupDefunctSiloEntriesKey', $sql$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND iamalive_time < @IAmAliveTime
  AND status <> 3
$sql$),

-- Optional and preferred: the provider picks dead rows itself and deletes each one only if it still
-- holds the values it saw, so a row that changed meanwhile (a late vote, a heartbeat) survives.
-- SuspectTimes may come as NULL or '' for "no votes", hence the coalesce on both sides.
('CleanupDefunctSiloEntryKey', $sql$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation
  AND status = 6
  AND start_time = @StartTime
  AND iamalive_time = @IAmAliveTime
  AND coalesce(suspect_times, '') = coalesce(@SuspectTimes, '')
$sql$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
