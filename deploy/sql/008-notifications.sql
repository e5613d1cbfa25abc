-- 008-notifications.sql: webhook deliveries waiting for their receivers, and what each target has seen.
--
-- Written and read by Orleans.Video.Storage/Notifications/WebhookOutbox.cs: an event update is added for each target
-- that wants it when the event log has stored it; the target's grain sends them in order and removes each one its
-- receiver accepted (or refused for good). A receiver that is down for minutes loses nothing: the rows wait.

CREATE TABLE IF NOT EXISTS video_webhook_outbox
(
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    service_id      text COLLATE "C" NOT NULL,
    target          text COLLATE "C" NOT NULL,
    -- Sent as Idempotency-Key; the same update added twice (an event log that retried) is one delivery.
    idempotency_key text COLLATE "C" NOT NULL,
    event_type      text             NOT NULL,
    -- The exact bytes the signature covers, every attempt the same.
    body            bytea            NOT NULL,
    created         timestamptz      NOT NULL DEFAULT now(),
    attempts        integer          NOT NULL DEFAULT 0,
    next_attempt    timestamptz      NOT NULL DEFAULT now(),
    UNIQUE (service_id, target, idempotency_key)
);
CREATE INDEX IF NOT EXISTS video_webhook_outbox_order ON video_webhook_outbox (service_id, target, id);

-- Counters per target (grow only), and the last outcome, for GET /api/notifications and the metrics.
CREATE TABLE IF NOT EXISTS video_webhook_targets
(
    service_id     text COLLATE "C" NOT NULL,
    target         text COLLATE "C" NOT NULL,
    delivered      bigint           NOT NULL DEFAULT 0,
    rejected       bigint           NOT NULL DEFAULT 0,
    dropped        bigint           NOT NULL DEFAULT 0,
    last_delivered timestamptz,
    last_error     text,
    last_error_at  timestamptz,
    PRIMARY KEY (service_id, target)
);
