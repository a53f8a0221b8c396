ALTER TABLE "runs" ADD "metrics" TEXT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261201022637_AddRunMetrics', '10.0.15');
