-- 006-results.sql: what cameras saw, stored by appending and indexed for queries across cameras.
--
-- Written through the "results" grain storage (Orleans.Video.Storage/Results/ResultsGrainStorage.cs): a camera's
-- detection log appends the frames that arrived since its last write, its event log upserts the events that changed.
-- Nothing is rewritten whole, so the WAL a camera costs grows with what it saw, not with what it had stored before.
-- Read by the queries in DetectionStore.cs and EventStore.cs, per camera or across cameras.
--
-- Text keys use the "C" collation: the order of cameras and event ids is their bytes', the same as .NET's ordinal
-- comparison, whatever the database's locale.

-- One row per analysed frame that found something (frames with no detection are not stored). Partitioned by day
-- of frame_time: retention drops whole days (DetectionRetention.cs), and a day's partition is created by the
-- first write that needs it (DetectionStore.cs), so nothing here has to run ahead of time.
CREATE TABLE IF NOT EXISTS video_detections
(
    service_id  text COLLATE "C" NOT NULL,
    camera_id   text COLLATE "C" NOT NULL,
    frame_time  timestamptz      NOT NULL,
    sequence    bigint           NOT NULL,
    -- The frame's distinct labels, lower-cased: what a label query looks for (through the GIN index).
    labels      text[]           NOT NULL,
    -- The detections themselves in DetectionRows' compact format (about 25 bytes each).
    detections  bytea            NOT NULL,
    -- A frame is stored once: a retried or replayed write of it changes nothing. A frame's time never changes,
    -- so the key also orders one camera's frames newest first.
    PRIMARY KEY (service_id, camera_id, frame_time, sequence)
) PARTITION BY RANGE (frame_time);

-- Every camera's frames, newest first: the order of queries across cameras.
CREATE INDEX IF NOT EXISTS video_detections_by_time ON video_detections (service_id, frame_time, camera_id, sequence);
CREATE INDEX IF NOT EXISTS video_detections_by_label ON video_detections USING gin (labels);

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
