ALTER TABLE users ADD normalized_name character varying(256) NOT NULL DEFAULT '';

UPDATE users SET normalized_name = lower(trim(name));
UPDATE users SET normalized_name = lower(trim(name)) || '#' || CAST(id AS TEXT)
WHERE id NOT IN (SELECT MIN(id) FROM users GROUP BY lower(trim(name)));

CREATE TABLE login_throttle (
    account character varying(256) NOT NULL,
    source character varying(64) NOT NULL,
    failures integer NOT NULL,
    last_failure_at timestamp with time zone NOT NULL,
    blocked_until timestamp with time zone,
    CONSTRAINT pk_login_throttle PRIMARY KEY (account, source)
);

CREATE UNIQUE INDEX ix_users_normalized_name ON users (normalized_name);

CREATE INDEX ix_login_throttle_last_failure_at ON login_throttle (last_failure_at);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261201012812_AddLoginThrottleAndNormalizedUserNames', '10.0.15');
