namespace Tapline.Core.Settings;

/// <summary>One level of environment variables: where they come from, and whether its values may use $VARs.</summary>
public sealed record EnvLayer(string Name, IReadOnlyDictionary<string, string> Vars, bool Expand);

/// <summary>
/// Stacks environment variable levels into the environment a plugin process gets, each level overriding the ones
/// before it; a level written in meltano.yml has its $VARs expanded against everything beneath it, as Meltano's
/// invoker does. <see cref="Project.ProjectContext.PluginEnv"/> gives the levels in Meltano's documented order.
/// </summary>
public static class EnvStack
{
    public static Dictionary<string, string> Build(IEnumerable<EnvLayer> layers, bool strictEnvVarMode)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            // Expanded against the stack as it stood before this level, so a level can extend a lower one (PATH=$PATH:..).
            var below = layer.Expand ? new Dictionary<string, string>(env, StringComparer.Ordinal) : env;
            foreach (var (key, value) in layer.Vars)
            {
                env[key] = layer.Expand ? EnvVarExpander.Expand(value, below, strictEnvVarMode, $"{layer.Name} '{key}'") : value;
            }
        }
        return env;
    }
}
