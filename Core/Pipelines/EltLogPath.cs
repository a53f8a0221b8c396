namespace Tapline.Core.Pipelines;

/// <summary>Meltano's log layout: <c>.meltano/logs/elt/{state_id}/{run_id}/elt.log</c>.</summary>
public static class EltLogPath
{
    public static string For(string projectRoot, string stateId, Guid runId) =>
        Path.Combine(projectRoot, ".meltano", "logs", "elt", stateId, runId.ToString(), "elt.log");
}
