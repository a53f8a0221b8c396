namespace Tapline.Api.Access;

/// <summary>Authorization policy names: what an endpoint does, the handler decides who may.</summary>
public static class Access
{
    /// <summary>Look at runs, logs, schedules, plugins, state.</summary>
    public const string Read = "read";

    /// <summary>Change the system database (run now, cancel, state, db-stored settings). Admin only; never under ui.readonly.</summary>
    public const string Write = "write";

    /// <summary>Change project files (meltano.yml, .env). As <see cref="Write"/>, and never under project_readonly.</summary>
    public const string ProjectWrite = "project-write";

    /// <summary>Manage users. Admin only; user-changing endpoints also require <see cref="Write"/>, so ui.readonly applies.</summary>
    public const string Admin = "admin";

    /// <summary>Act on one's own account (change own password).</summary>
    public const string SignedIn = "signed-in";
}
