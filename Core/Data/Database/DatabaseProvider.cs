namespace Tapline.Core.Data.Database;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
