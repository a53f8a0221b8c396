CREATE TABLE "ef_temp_users" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_users" PRIMARY KEY AUTOINCREMENT,
    "created_at" TEXT NOT NULL,
    "disabled" INTEGER NOT NULL,
    "last_login_at" TEXT NULL,
    "name" TEXT NOT NULL,
    "normalized_name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "token_version" INTEGER NOT NULL
);

INSERT INTO "ef_temp_users" ("id", "created_at", "disabled", "last_login_at", "name", "normalized_name", "password_hash", "role", "token_version")
SELECT "id", "created_at", "disabled", "last_login_at", "name", "normalized_name", "password_hash", "role", "token_version"
FROM "users";

PRAGMA foreign_keys = 0;

DROP TABLE "users";

ALTER TABLE "ef_temp_users" RENAME TO "users";

PRAGMA foreign_keys = 1;

CREATE UNIQUE INDEX "ix_users_name" ON "users" ("name");

CREATE UNIQUE INDEX "ix_users_normalized_name" ON "users" ("normalized_name");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261201052420_DropUnusedUserLockColumns', '10.0.15');
