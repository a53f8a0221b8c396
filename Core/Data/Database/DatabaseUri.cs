using Microsoft.Data.Sqlite;
using Npgsql;

namespace Tapline.Core.Data.Database;

/// <summary>
/// Parses Meltano's <c>database_uri</c> (SQLAlchemy URL syntax) into a provider and connection string:
/// <c>sqlite:///relative/path.db</c> (relative to the project root), <c>sqlite:////absolute/path.db</c>,
/// <c>postgresql://user:pass@host:port/db?sslmode=require</c> (also <c>postgres://</c>,
/// <c>postgresql+psycopg://</c>, <c>postgresql+psycopg2://</c>).
/// </summary>
public static class DatabaseUri
{
    // libpq query parameters that Npgsql understands, by their SQLAlchemy/libpq names.
    private static readonly Dictionary<string, string> PostgresQueryKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslpassword"] = "SSL Password",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["options"] = "Options",
        ["target_session_attrs"] = "Target Session Attributes",
        ["host"] = "Host",
        ["port"] = "Port",
        ["user"] = "Username",
        ["password"] = "Password",
        ["dbname"] = "Database",
        ["keepalives_idle"] = "Keepalive",
    };

    public static SystemDatabaseConnection Parse(string uri, string projectRoot)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var trimmed = uri.Trim();
        var schemeEnd = trimmed.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            throw Bad(uri, "expected <dialect>://..., e.g. sqlite:///.meltano/meltano.db or postgresql://user:pass@host:5432/db");
        }
        var scheme = trimmed[..schemeEnd].ToLowerInvariant();
        var dialect = scheme.Split('+')[0];
        return dialect switch
        {
            "sqlite" => ParseSqlite(uri, trimmed[(schemeEnd + 3)..], projectRoot),
            "postgresql" or "postgres" => ParsePostgres(uri, trimmed),
            _ => throw Bad(uri, $"unsupported dialect '{scheme}'; Tapline supports sqlite and postgresql"),
        };
    }

    private static SystemDatabaseConnection ParseSqlite(string uri, string rest, string projectRoot)
    {
        // SQLAlchemy: sqlite:///rel.db -> "rel.db"; sqlite:////abs.db -> "/abs.db"; sqlite:// -> memory.
        if (!rest.StartsWith('/'))
        {
            throw Bad(uri, rest.Length == 0
                ? "an in-memory SQLite database cannot be shared by Tapline's processes; give a file path (sqlite:///.meltano/meltano.db)"
                : "a SQLite URI has three slashes before a relative path (sqlite:///.meltano/meltano.db) or four before an absolute one (sqlite:////var/lib/meltano.db)");
        }
        var path = rest[1..];
        var query = path.IndexOf('?');
        if (query >= 0)
        {
            path = path[..query];
        }
        path = Uri.UnescapeDataString(path);
        if (path.Length == 0)
        {
            throw Bad(uri, "no database file path after sqlite:///");
        }
        var full = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(projectRoot, path));
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Default,
            Pooling = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout: this is the busy timeout.
            DefaultTimeout = 60,
        };
        return new SystemDatabaseConnection(DatabaseProvider.Sqlite, builder.ConnectionString, $"sqlite:///{full}");
    }

    private static SystemDatabaseConnection ParsePostgres(string original, string uri)
    {
        Uri parsed;
        try
        {
            // System.Uri does not know the SQLAlchemy dialect+driver scheme; the part after :// is what matters.
            parsed = new Uri("postgresql://" + uri[(uri.IndexOf("://", StringComparison.Ordinal) + 3)..], UriKind.Absolute);
        }
        catch (UriFormatException e)
        {
            throw Bad(original, $"not a valid URL ({e.Message})", e);
        }

        var builder = new NpgsqlConnectionStringBuilder();
        if (!string.IsNullOrEmpty(parsed.Host))
        {
            builder.Host = parsed.Host.Trim('[', ']');
        }
        if (!parsed.IsDefaultPort && parsed.Port > 0)
        {
            builder.Port = parsed.Port;
        }
        if (!string.IsNullOrEmpty(parsed.UserInfo))
        {
            var colon = parsed.UserInfo.IndexOf(':');
            builder.Username = Uri.UnescapeDataString(colon >= 0 ? parsed.UserInfo[..colon] : parsed.UserInfo);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(parsed.UserInfo[(colon + 1)..]);
            }
        }
        var database = Uri.UnescapeDataString(parsed.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in parsed.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = Uri.UnescapeDataString(eq >= 0 ? pair[..eq] : pair);
            var value = Uri.UnescapeDataString((eq >= 0 ? pair[(eq + 1)..] : "").Replace('+', ' '));
            if (!PostgresQueryKeywords.TryGetValue(key, out var keyword))
            {
                throw Bad(original, $"unsupported query parameter '{key}' (supported: {string.Join(", ", PostgresQueryKeywords.Keys)})");
            }
            try
            {
                builder[keyword] = keyword == "SSL Mode" ? ToNpgsqlSslMode(value) : value;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
            {
                throw Bad(original, $"query parameter '{key}' has an invalid value '{value}'", e);
            }
        }

        if (string.IsNullOrEmpty(builder.Host))
        {
            throw Bad(original, "no host (postgresql://user:pass@host:5432/db)");
        }
        if (string.IsNullOrEmpty(builder.Database))
        {
            throw Bad(original, "no database name after the host (postgresql://user:pass@host:5432/db)");
        }
        return new SystemDatabaseConnection(DatabaseProvider.Postgres, builder.ConnectionString,
            $"postgresql://{builder.Host}:{builder.Port}/{builder.Database}");
    }

    // libpq spells the modes in lowercase with dashes; Npgsql's enum names are PascalCase.
    private static string ToNpgsqlSslMode(string value) => value.ToLowerInvariant() switch
    {
        "disable" => "Disable",
        "allow" => "Allow",
        "prefer" => "Prefer",
        "require" => "Require",
        "verify-ca" => "VerifyCA",
        "verify-full" => "VerifyFull",
        _ => throw new FormatException($"unknown sslmode '{value}'"),
    };

    // The password never reaches a message: only the scheme and where it broke.
    private static DatabaseUriException Bad(string uri, string why, Exception? inner = null) =>
        new($"database_uri '{Redact(uri)}' is invalid: {why}.", inner);

    internal static string Redact(string uri)
    {
        var at = uri.LastIndexOf('@');
        var start = uri.IndexOf("://", StringComparison.Ordinal);
        if (at < 0 || start < 0 || at < start)
        {
            return uri;
        }
        var userInfo = uri[(start + 3)..at];
        var colon = userInfo.IndexOf(':');
        return colon < 0 ? uri : uri[..(start + 3)] + userInfo[..colon] + ":***" + uri[at..];
    }
}
