namespace Tapline.Api.Access;

/// <summary>The two UI roles, as stored in users.role.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Viewer = "viewer";

    public static bool IsValid(string? role) => role is Admin or Viewer;
}
