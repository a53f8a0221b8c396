using FluentValidation;
using Tapline.Api.Access;
using Tapline.Api.Auth;
using Tapline.Core.Data.Users;

namespace Tapline.Api.Users;

/// <summary>What a user name, role and password must look like (shared by the Api validators).</summary>
public static class UserRules
{
    public static IRuleBuilderOptions<T, string> ValidUserName<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Matches("^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
            .WithMessage("name must be 1-64 letters, digits or _ . @ - and start with a letter or digit.");

    public static IRuleBuilderOptions<T, string> ValidRole<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(Roles.IsValid).WithMessage("role must be admin or viewer.");

    public static IRuleBuilderOptions<T, string> ValidPassword<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(p => p is { Length: >= Passwords.MinimumLength and <= Passwords.MaximumLength })
            .WithMessage($"password must be {Passwords.MinimumLength} to {Passwords.MaximumLength} characters.");

    public static UserRole ToRole(string role) => role == Roles.Admin ? UserRole.Admin : UserRole.Viewer;
}
