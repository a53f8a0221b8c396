namespace Tapline.Core.Data.Users;

/// <summary>Roles of the UI; stored lowercase.</summary>
public enum UserRole
{
    Admin,
    Viewer,
}
