-- 006-results.sql: what cameras saw, stored by appending and indexed for queries across cameras.
--
-- Written through the "results" grain storage (Orleans.Video.Storage/Results/ResultsGrainStorage.cs): a camera's
-- detection log appends the frames that arrived since its last write, its event log upserts the events that changed.
-- Nothing is rewritten whole, so the WAL a camera costs grows with what it saw, not with what it had stored before.
-- Read by the queries in DetectionStore.cs and EventStore.cs, per camera or across cameras.
--
-- Text keys use the "C" collation: the order of cameras and event ids is their bytes', the same as .NET's ordinal
-- comparison, whatever the database's locale.

-- One row per chunk: the frames with detections that a camera's detection log gathered between two writes (about a
-- second's, never more than 10 s from first to last; frames with no detection are not stored). A row and its index
-- entries cost about the same WAL whether they hold one frame or five, so chunks keep the WAL a camera costs small.
-- Partitioned by day of last_time: retention drops whole days (DetectionRetention.cs), and a day's partition is
-- created by the first write that needs it (DetectionStore.cs), so nothing here has to run ahead of time.
CREATE TABLE IF NOT EXISTS video_detections
(
    service_id     text COLLATE "C" NOT NULL,
    camera_id      text COLLATE "C" NOT NULL,
    -- The first and last frame's times, to the microsecond (the frames' own times, in ticks, are in the bytes).
    first_time     timestamptz      NOT NULL,
    last_time      timestamptz      NOT NULL,
    first_sequence bigint           NOT NULL,
    -- The chunk's distinct labels, lower-cased: what a label query looks for (through the GIN index).
    labels         text[]           NOT NULL,
    -- The frames in DetectionChunk's compact format (about 12 bytes a frame and 25 a detection).
    frames         bytea            NOT NULL,
    -- A chunk written twice (a write retried after it went through) is stored once; the key also orders one camera's
    -- chunks newest first.
    PRIMARY KEY (service_id, camera_id, last_time, first_sequence)
) PARTITION BY RANGE (last_time);

-- Every camera's chunks, newest first: the order of queries across cameras.
CREATE INDEX IF NOT EXISTS video_detections_by_time ON video_detections (service_id, last_time, camera_id, first_sequence);
CREATE INDEX IF NOT EXISTS video_detections_by_label ON video_detections USING gin (labels);
-- The frames' bytes say nothing a query plan could use; statistics on them would only be written and never read.
ALTER TABLE video_detections ALTER COLUMN frames SET STATISTICS 0;

-- One row per event, updated while it lasts (start, better snapshot, sightings, end) and never after it ended.
CREATE TABLE IF NOT EXISTS video_events
(
    service_id    text COLLATE "C" NOT NULL,
    camera_id     text COLLATE "C" NOT NULL,
    event_id      text COLLATE "C" NOT NULL,
    kind          smallint         NOT NULL,
    label         text             NOT NULL,
    zone          text,
    track_id      bigint           NOT NULL,
    start_time    timestamptz      NOT NULL,
    end_time      timestamptz,
    last_seen     timestamptz      NOT NULL,
    best_score    real             NOT NULL,
    best_x        real             NOT NULL,
    best_y        real             NOT NULL,
    best_width    real             NOT NULL,
    best_height   real             NOT NULL,
    best_sequence bigint           NOT NULL,
    has_snapshot  boolean          NOT NULL,
    PRIMARY KEY (service_id, camera_id, event_id)
);

CREATE INDEX IF NOT EXISTS video_events_by_start ON video_events (service_id, start_time, camera_id, event_id);
CREATE INDEX IF NOT EXISTS video_events_by_label ON video_events (service_id, lower(label), start_time);
-- The open events a camera's event log loads when it starts: few, so a partial index stays small.
CREATE INDEX IF NOT EXISTS video_events_open ON video_events (service_id, camera_id) WHERE end_time IS NULL;
