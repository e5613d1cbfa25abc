-- 003-persistence.sql: grain state behind AddAdoNetGrainStorage (the "video" and "PubSubStore"
-- providers share this table).
--
-- Parameters the provider binds: @ServiceId, @GrainTypeString (the *state name* given to
-- [PersistentState], not the grain class), @GrainIdN0 / @GrainIdN1 (bigint: the GUID halves, or 0 and
-- the integer key), @GrainIdExtensionString (key extension or string key, may be NULL),
-- @GrainStateVersion (int, NULL for a grain that never read a stored row), @PayloadBinary (bytea),
-- and @GrainIdHash / @GrainTypeHash (int).
--
-- The hashes are not stored: the row is keyed on the full identity, so switching the provider's
-- hasher (e.g. UseOrleans3CompatibleHasher) cannot orphan existing rows.
--
-- Note: the provider passes neither the grain class nor the provider name. Two grain classes that
-- use the same state name and the same key would share a row, so state names must be unique per
-- grain class across the product.
--
-- Versioning (the grain's ETag): each successful write returns the new version; a write or clear
-- whose @GrainStateVersion no longer matches (or that inserts a row someone else created meanwhile)
-- returns NULL, which the provider turns into an InconsistentStateException.

CREATE TABLE IF NOT EXISTS orleans_storage
(
    service_id         text        NOT NULL,
    grain_type         text        NOT NULL,
    grain_id_n0        bigint      NOT NULL,
    grain_id_n1        bigint      NOT NULL,
    -- '' rather than NULL for "no extension", so the primary key (and ON CONFLICT) can cover it.
    grain_id_extension text        NOT NULL DEFAULT '',
    -- NULL after a clear: the row (and its version) stays so a stale writer still conflicts.
    payload            bytea,
    version            integer     NOT NULL,
    modified_on        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- No row = no state: the provider then creates a default state with no ETag.
('ReadFromStorageKey', $sql$
SELECT payload AS "PayloadBinary",
       version AS "Version"
FROM orleans_storage
WHERE service_id = @ServiceId
  AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension = coalesce(@GrainIdExtensionString, '')
$sql$),

-- Either updates the row at the expected version, or (no version yet) inserts version 1; at most one
-- branch can produce a row. Always returns exactly one row so the provider sees NULL on conflict.
('WriteToStorageKey', $sql$
WITH updated AS (
    UPDATE orleans_storage
    SET payload = @PayloadBinary, version = version + 1, modified_on = now()
    WHERE service_id = @ServiceId
      AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0
      AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension = coalesce(@GrainIdExtensionString, '')
      AND version = @GrainStateVersion
    RETURNING version
), inserted AS (
    INSERT INTO orleans_storage
        (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension, payload, version)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, coalesce(@GrainIdExtensionString, ''),
           @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT (SELECT version FROM updated UNION ALL SELECT version FROM inserted) AS "NewGrainStateVersion"
$sql$),

-- ClearStateAsync with the default DeleteStateOnClear = false: keep the row, drop the payload and
-- bump the version.
('ClearStorageKey', $sql$
WITH cleared AS (
    UPDATE orleans_storage
    SET payload = NULL, version = version + 1, modified_on = now()
    WHERE service_id = @ServiceId
      AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0
      AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension = coalesce(@GrainIdExtensionString, '')
      AND version = @GrainStateVersion
    RETURNING version
)
SELECT (SELECT version FROM cleared) AS "NewGrainStateVersion"
$sql$),

-- Optional: ClearStateAsync with DeleteStateOnClear = true removes the row. The provider only needs
-- a non-NULL value different from the old version to know it succeeded.
('DeleteStorageKey', $sql$
WITH deleted AS (
    DELETE FROM orleans_storage
    WHERE service_id = @ServiceId
      AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0
      AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension = coalesce(@GrainIdExtensionString, '')
      AND version = @GrainStateVersion
    RETURNING version
)
SELECT (SELECT version + 1 FROM deleted) AS "NewGrainStateVersion"
$sql$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
