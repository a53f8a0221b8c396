namespace Tapline.Api.Tests.Support;

/// <summary>Secrets of the test deployment; tests assert none of them ever shows in a response.</summary>
public static class Secrets
{
    public const string SecretKey = "test-secret-key-0123456789abcdef0123456789abcdef";
    public const string PasswordSalt = "test-pepper-fedcba9876543210";
    public const string AdminPassword = "correct horse battery staple";
    public const string ViewerPassword = "viewer password 12345";
}
