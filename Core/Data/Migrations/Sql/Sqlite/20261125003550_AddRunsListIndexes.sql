CREATE INDEX "ix_runs_queued_at" ON "runs" ("queued_at");

CREATE INDEX "ix_runs_schedule_name_id" ON "runs" ("schedule_name", "id");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261125003550_AddRunsListIndexes', '10.0.15');
