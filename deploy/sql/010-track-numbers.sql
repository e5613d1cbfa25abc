-- 010-track-numbers.sql: the short per-camera number people see for a tracked object (#17), beside the internal
-- track id machines use. Events stored before it have 0.
--
-- Written and read by Orleans.Video.Storage/Results/EventStore.cs; the camera grain hands the numbers out.
ALTER TABLE video_events ADD COLUMN IF NOT EXISTS track_number bigint NOT NULL DEFAULT 0;
