namespace Tapline.Api.Auth;

/// <summary>What authentication needs to know about a UI user.</summary>
public sealed record Account(long Id, string Name, string Role, bool Disabled, int TokenVersion, string PasswordHash);
