ALTER TABLE state_history ADD actor character varying(256);

ALTER TABLE state_history ADD reason character varying(1000);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261201022629_AddStateHistoryActor', '10.0.15');
