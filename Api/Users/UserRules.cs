using FluentValidation;
using Tapline.Api.Access;
using Tapline.Core.Data.Users;
using Tapline.Core.Users;

namespace Tapline.Api.Users;

/// <summary>What a user name, role and password must look like (the Api validators over <see cref="AccountRules"/>).</summary>
public static class UserRules
{
    public static IRuleBuilderOptions<T, string> ValidUserName<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Must(AccountRules.IsValidName).WithMessage(AccountRules.NameMessage);

    public static IRuleBuilderOptions<T, string> ValidRole<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(Roles.IsValid).WithMessage("role must be admin or viewer.");

    public static IRuleBuilderOptions<T, string> ValidPassword<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(AccountRules.IsValidPassword).WithMessage(AccountRules.PasswordMessage);

    public static UserRole ToRole(string role) => role == Roles.Admin ? UserRole.Admin : UserRole.Viewer;
}
