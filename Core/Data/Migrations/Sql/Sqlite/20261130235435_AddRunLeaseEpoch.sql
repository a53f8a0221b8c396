ALTER TABLE "runs" ADD "lease_epoch" INTEGER NOT NULL DEFAULT 0;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130235435_AddRunLeaseEpoch', '10.0.15');
