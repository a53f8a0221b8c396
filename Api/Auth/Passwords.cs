using Tapline.Core.Users;
using Tapline.Api.Errors;
using Tapline.Api.Hosting;

namespace Tapline.Api.Auth;

/// <summary>The shared <see cref="PasswordHasher"/>, peppered with ui.password_salt; a clear error when the salt is missing.</summary>
public sealed class Passwords(UiSettings ui)
{
    private readonly PasswordHasher? _hasher = string.IsNullOrEmpty(ui.PasswordSalt) ? null : new PasswordHasher(ui.PasswordSalt);

    public PasswordHasher Hasher => _hasher ?? throw new ApiProblem(
        StatusCodes.Status409Conflict, "Password salt missing",
        "ui.password_salt (MELTANO_UI_PASSWORD_SALT) is not set, so passwords cannot be hashed; run `tapline ui setup`.");
}
