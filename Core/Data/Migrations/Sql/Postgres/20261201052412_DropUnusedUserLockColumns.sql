ALTER TABLE users DROP COLUMN failed_logins;

ALTER TABLE users DROP COLUMN locked_until;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261201052412_DropUnusedUserLockColumns', '10.0.15');
