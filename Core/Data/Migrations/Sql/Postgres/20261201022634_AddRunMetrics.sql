ALTER TABLE runs ADD metrics text;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261201022634_AddRunMetrics', '10.0.15');
