ALTER TABLE "state_history" ADD "actor" TEXT NULL;

ALTER TABLE "state_history" ADD "reason" TEXT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261201022605_AddStateHistoryActor', '10.0.15');
