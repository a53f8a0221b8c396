CREATE TABLE "audit_log" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_audit_log" PRIMARY KEY AUTOINCREMENT,
    "at" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NULL,
    "request" TEXT NULL,
    "before" TEXT NULL,
    "after" TEXT NULL,
    "source_ip" TEXT NULL,
    "outcome" TEXT NOT NULL
);

CREATE TABLE "notification_config" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_notification_config" PRIMARY KEY,
    "yaml" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "updated_by" TEXT NULL
);

CREATE TABLE "notification_deliveries" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_notification_deliveries" PRIMARY KEY AUTOINCREMENT,
    "at" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "channel_type" TEXT NOT NULL,
    "event_kind" TEXT NOT NULL,
    "run_id" TEXT NULL,
    "pipeline" TEXT NULL,
    "attempt" INTEGER NOT NULL,
    "ok" INTEGER NOT NULL,
    "status_code" INTEGER NULL,
    "error" TEXT NULL,
    "duration_ms" INTEGER NOT NULL
);

CREATE TABLE "notification_groups" (
    "key" TEXT NOT NULL CONSTRAINT "pk_notification_groups" PRIMARY KEY,
    "rule_index" INTEGER NOT NULL,
    "event_kind" TEXT NOT NULL,
    "pipeline" TEXT NULL,
    "schedule" TEXT NULL,
    "job" TEXT NULL,
    "last_sent_at" TEXT NOT NULL,
    "window_ends_at" TEXT NOT NULL,
    "suppressed" INTEGER NOT NULL,
    "last_error" TEXT NULL
);

CREATE TABLE "notification_marks" (
    "key" TEXT NOT NULL CONSTRAINT "pk_notification_marks" PRIMARY KEY,
    "value" TEXT NULL,
    "updated_at" TEXT NOT NULL
);

CREATE TABLE "notification_runs" (
    "run_id" TEXT NOT NULL CONSTRAINT "pk_notification_runs" PRIMARY KEY,
    "claimed_at" TEXT NOT NULL,
    "claimed_by" TEXT NOT NULL
);

CREATE INDEX "ix_audit_log_action_at" ON "audit_log" ("action", "at");

CREATE INDEX "ix_audit_log_actor_at" ON "audit_log" ("actor", "at");

CREATE INDEX "ix_audit_log_at" ON "audit_log" ("at");

CREATE INDEX "ix_notification_deliveries_at" ON "notification_deliveries" ("at");

CREATE INDEX "ix_notification_deliveries_channel_id" ON "notification_deliveries" ("channel", "id");

CREATE INDEX "ix_notification_groups_window_ends_at" ON "notification_groups" ("window_ends_at");

CREATE INDEX "ix_notification_runs_claimed_at" ON "notification_runs" ("claimed_at");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261201023812_AddNotificationsAndAudit', '10.0.15');
