namespace Tapline.Core.Data.Users;

/// <summary>
/// Fills users.normalized_name for rows written before it existed (both providers run this text).
/// Names that already collide case-insensitively keep the oldest account under the plain
/// normalized name; the younger ones get a <c>#id</c> suffix so the unique index can be built
/// and no row is lost — an admin renames or deletes them.
/// </summary>
public static class UserNameBackfill
{
    public const string Sql = """
        UPDATE users SET normalized_name = lower(trim(name));
        UPDATE users SET normalized_name = lower(trim(name)) || '#' || CAST(id AS TEXT)
        WHERE id NOT IN (SELECT MIN(id) FROM users GROUP BY lower(trim(name)));
        """;
}
