using Tapline.Core.Data.Users;

namespace Tapline.Api.Users;

/// <summary>A UI account in the admin's list; never the hash.</summary>
public sealed record UserListItem(string Name, string Role, bool Disabled, DateTime CreatedAt, DateTime? LastLoginAt)
{
    public static UserListItem From(UserRecord u) => new(u.Name, RoleWord(u.Role), u.Disabled, u.CreatedAt, u.LastLoginAt);

    public static string RoleWord(UserRole role) => role == UserRole.Admin ? "admin" : "viewer";
}
