CREATE TABLE "schedule_status" (
    "name" TEXT NOT NULL CONSTRAINT "pk_schedule_status" PRIMARY KEY,
    "next_fire_at" TEXT NULL,
    "last_fire_at" TEXT NULL,
    "last_fire_key" TEXT NULL,
    "last_outcome" TEXT NULL,
    "error" TEXT NULL,
    "updated_at" TEXT NOT NULL
);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261124231748_AddScheduleStatusAndQuartz', '10.0.15');
