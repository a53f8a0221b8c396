CREATE TABLE "data_protection_keys" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_data_protection_keys" PRIMARY KEY AUTOINCREMENT,
    "friendly_name" TEXT NULL,
    "xml" TEXT NULL
);

CREATE TABLE "plugin_settings" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_plugin_settings" PRIMARY KEY AUTOINCREMENT,
    "plugin_type" TEXT NOT NULL,
    "plugin_name" TEXT NOT NULL,
    "setting_name" TEXT NOT NULL,
    "value" TEXT NULL,
    "encrypted" INTEGER NOT NULL,
    "updated_at" TEXT NOT NULL
);

CREATE TABLE "runs" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_runs" PRIMARY KEY AUTOINCREMENT,
    "run_id" TEXT NOT NULL,
    "state_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "schedule_name" TEXT NULL,
    "job_name" TEXT NULL,
    "block" TEXT NOT NULL,
    "requested_by" TEXT NULL,
    "queued_at" TEXT NOT NULL,
    "started_at" TEXT NULL,
    "ended_at" TEXT NULL,
    "heartbeat_at" TEXT NULL,
    "worker_id" TEXT NULL,
    "exit_codes" TEXT NULL,
    "error" TEXT NULL,
    "stream_counts" TEXT NULL,
    "records" INTEGER NOT NULL,
    "log_path" TEXT NULL,
    "trace_parent" TEXT NULL,
    "cancel_requested" INTEGER NOT NULL,
    "fire_key" TEXT NULL,
    "payload" TEXT NULL
);

CREATE TABLE "state" (
    "state_id" TEXT NOT NULL CONSTRAINT "pk_state" PRIMARY KEY,
    "completed" TEXT NULL,
    "partial" TEXT NULL,
    "updated_at" TEXT NOT NULL
);

CREATE TABLE "state_history" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_state_history" PRIMARY KEY AUTOINCREMENT,
    "state_id" TEXT NOT NULL,
    "run_id" TEXT NULL,
    "completed" TEXT NULL,
    "partial" TEXT NULL,
    "saved_at" TEXT NOT NULL
);

CREATE TABLE "users" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_users" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "disabled" INTEGER NOT NULL,
    "token_version" INTEGER NOT NULL,
    "failed_logins" INTEGER NOT NULL,
    "locked_until" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "last_login_at" TEXT NULL
);

CREATE TABLE "refresh_tokens" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_refresh_tokens" PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "token_hash" TEXT NOT NULL,
    "family_id" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "expires_at" TEXT NOT NULL,
    "revoked_at" TEXT NULL,
    "replaced_by" INTEGER NULL,
    CONSTRAINT "fk_refresh_tokens_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "ix_plugin_settings_plugin_type_plugin_name_setting_name" ON "plugin_settings" ("plugin_type", "plugin_name", "setting_name");

CREATE INDEX "ix_refresh_tokens_family_id" ON "refresh_tokens" ("family_id");

CREATE UNIQUE INDEX "ix_refresh_tokens_token_hash" ON "refresh_tokens" ("token_hash");

CREATE INDEX "ix_refresh_tokens_user_id" ON "refresh_tokens" ("user_id");

CREATE UNIQUE INDEX "ix_runs_fire_key" ON "runs" ("fire_key");

CREATE UNIQUE INDEX "ix_runs_run_id" ON "runs" ("run_id");

CREATE INDEX "ix_runs_state_id_id" ON "runs" ("state_id", "id");

CREATE INDEX "ix_runs_status_id" ON "runs" ("status", "id");

CREATE UNIQUE INDEX "ux_runs_state_id_running" ON "runs" ("state_id") WHERE "status" = 'running';

CREATE INDEX "ix_state_history_run_id" ON "state_history" ("run_id");

CREATE INDEX "ix_state_history_state_id_id" ON "state_history" ("state_id", "id");

CREATE UNIQUE INDEX "ix_users_name" ON "users" ("name");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261124223952_Initial', '10.0.15');
