ALTER TABLE "users" ADD "normalized_name" TEXT NOT NULL DEFAULT '';

CREATE TABLE "login_throttle" (
    "account" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "last_failure_at" TEXT NOT NULL,
    "blocked_until" TEXT NULL,
    CONSTRAINT "pk_login_throttle" PRIMARY KEY ("account", "source")
);

CREATE UNIQUE INDEX "ix_users_normalized_name" ON "users" ("normalized_name");

CREATE INDEX "ix_login_throttle_last_failure_at" ON "login_throttle" ("last_failure_at");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261201012807_AddLoginThrottleAndNormalizedUserNames', '10.0.15');
