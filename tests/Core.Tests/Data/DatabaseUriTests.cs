using Npgsql;
using Tapline.Core.Data.Database;

namespace Tapline.Core.Tests.Data;

public class DatabaseUriTests
{
    [Fact]
    public void Sqlite_uri_with_three_slashes_is_relative_to_the_project_root()
    {
        var connection = DatabaseUri.Parse("sqlite:///.meltano/meltano.db", "/srv/project");
        Assert.Equal(DatabaseProvider.Sqlite, connection.Provider);
        Assert.Contains("Data Source=/srv/project/.meltano/meltano.db", connection.ConnectionString);
    }

    [Fact]
    public void Sqlite_uri_with_four_slashes_is_absolute()
    {
        var connection = DatabaseUri.Parse("sqlite:////var/lib/tapline/meltano.db", "/srv/project");
        Assert.Contains("Data Source=/var/lib/tapline/meltano.db", connection.ConnectionString);
    }

    [Fact]
    public void Default_is_meltano_db_under_the_project()
    {
        var connection = SystemDatabaseConnection.Resolve(null, null, "/srv/project");
        Assert.Equal("sqlite:////srv/project/.meltano/meltano.db", connection.Description);
    }

    [Theory]
    [InlineData("postgresql://meltano:s%40cret@db.example:6543/warehouse?sslmode=require")]
    [InlineData("postgresql+psycopg://meltano:s%40cret@db.example:6543/warehouse?sslmode=require")]
    [InlineData("postgres://meltano:s%40cret@db.example:6543/warehouse?sslmode=require")]
    public void Postgres_uri_becomes_an_npgsql_connection_string(string uri)
    {
        var connection = DatabaseUri.Parse(uri, "/srv/project");
        var b = new NpgsqlConnectionStringBuilder(connection.ConnectionString);
        Assert.Equal(DatabaseProvider.Postgres, connection.Provider);
        Assert.Equal(("db.example", 6543, "warehouse", "meltano", "s@cret", SslMode.Require), (b.Host, b.Port, b.Database, b.Username, b.Password, b.SslMode));
        Assert.DoesNotContain("s@cret", connection.Description);
    }

    [Fact]
    public void Postgres_uri_without_port_uses_5432_and_keeps_search_path_options()
    {
        var b = new NpgsqlConnectionStringBuilder(DatabaseUri.Parse("postgresql://u@h/db?options=-csearch_path%3Dmeltano", "/").ConnectionString);
        Assert.Equal((5432, "-csearch_path=meltano"), (b.Port, b.Options));
    }

    [Theory]
    [InlineData("mysql://u:p@h/db", "unsupported dialect")]
    [InlineData("sqlite://", "in-memory")]
    [InlineData("sqlite://relative.db", "three slashes")]
    [InlineData("postgresql://u:hunter2@h", "no database name")]
    [InlineData("postgresql://u:hunter2@h/db?frobnicate=1", "frobnicate")]
    [InlineData("postgresql://u:hunter2@h/db?sslmode=sometimes", "sslmode")]
    [InlineData("not a uri", "expected <dialect>://")]
    public void Bad_uri_names_database_uri_and_says_why_without_the_password(string uri, string why)
    {
        var e = Assert.Throws<DatabaseUriException>(() => DatabaseUri.Parse(uri, "/"));
        Assert.StartsWith("database_uri ", e.Message);
        Assert.Contains(why, e.Message);
        Assert.DoesNotContain("hunter2", e.Message);
    }

    [Fact]
    public void Aspire_connection_string_wins_over_database_uri()
    {
        var connection = SystemDatabaseConnection.Resolve("Host=pg;Port=5433;Database=systemdb;Username=u;Password=p", "sqlite:///x.db", "/");
        Assert.Equal(DatabaseProvider.Postgres, connection.Provider);
        Assert.Equal("postgresql://pg:5433/systemdb", connection.Description);
    }
}
