-- 007-jobs.sql: what analysis jobs found in their files, apart from the cameras' results.
--
-- Written through the "results" grain storage (Orleans.Video.Storage/Results/ResultsGrainStorage.cs) by a job's grain;
-- read by JobStore.cs. Times are media times (from the file's start) in .NET ticks (100 ns), not wall-clock times.
-- A job's own record (its file, options, plan and which chunks are done) is grain state in orleans_storage.

-- One row per analysed chunk: the frames with detections, in DetectionChunk's format, the frame numbers as sequences
-- and the media times as times after the Unix epoch. A chunk reported twice (a worker retried, a silo died after
-- reporting) is stored once: the key is the chunk.
CREATE TABLE IF NOT EXISTS video_job_chunks
(
    service_id      text COLLATE "C" NOT NULL,
    job_id          text COLLATE "C" NOT NULL,
    chunk           integer          NOT NULL,
    first_frame     bigint           NOT NULL,
    frame_count     integer          NOT NULL,
    frames_analysed integer          NOT NULL,
    -- The chunk's first and last frame with a detection (media ticks); both 0 when it found nothing.
    first_ticks     bigint           NOT NULL,
    last_ticks      bigint           NOT NULL,
    labels          text[]           NOT NULL,
    frames          bytea            NOT NULL,
    PRIMARY KEY (service_id, job_id, chunk)
);
ALTER TABLE video_job_chunks ALTER COLUMN frames SET STATISTICS 0;

-- One row per event, rewritten while the job's tracking goes over it; tracking is the same every time it runs over the
-- same chunks, so a job resumed after a restart writes the same rows again.
CREATE TABLE IF NOT EXISTS video_job_events
(
    service_id  text COLLATE "C" NOT NULL,
    job_id      text COLLATE "C" NOT NULL,
    event_id    text COLLATE "C" NOT NULL,
    kind        smallint         NOT NULL,
    label       text             NOT NULL,
    zone        text,
    track_id    bigint           NOT NULL,
    start_ticks bigint           NOT NULL,
    end_ticks   bigint,
    best_score  real             NOT NULL,
    best_x      real             NOT NULL,
    best_y      real             NOT NULL,
    best_width  real             NOT NULL,
    best_height real             NOT NULL,
    best_frame  bigint           NOT NULL,
    PRIMARY KEY (service_id, job_id, event_id)
);
CREATE INDEX IF NOT EXISTS video_job_events_by_start ON video_job_events (service_id, job_id, start_ticks, event_id);
