namespace Tapline.Core.Pipelines;

/// <summary>Meltano's log layout: <c>$MELTANO_SYS_DIR_ROOT/logs/elt/{state_id}/{run_id}/elt.log</c>.</summary>
public static class EltLogPath
{
    /// <param name="sysDir">The project's system directory (<c>ProjectPlaces.SysDir</c>, <c>ProjectSettings.SysDirRoot</c>), not the project root.</param>
    public static string For(string sysDir, string stateId, Guid runId) =>
        Path.Combine(sysDir, "logs", "elt", stateId, runId.ToString(), "elt.log");
}
