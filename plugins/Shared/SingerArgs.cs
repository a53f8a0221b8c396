namespace Tapline.Plugins;

/// <summary>The Singer command line every plugin accepts.</summary>
internal sealed record SingerArgs(string? Config, string? Catalog, string? State, bool Discover, bool About)
{
    public static SingerArgs Parse(string[] args)
    {
        string? config = null, catalog = null, state = null;
        bool discover = false, about = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--config": config = Next(args, ref i); break;
                case "--catalog" or "--properties": catalog = Next(args, ref i); break;
                case "--state": state = Next(args, ref i); break;
                case "--discover": discover = true; break;
                case "--about": about = true; break;
                case "--format": Next(args, ref i); break;
                default: throw new PluginException($"unknown argument '{args[i]}'");
            }
        }
        return new SingerArgs(config, catalog, state, discover, about);
    }

    private static string Next(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new PluginException($"{args[i - 1]} needs a file path");
}

/// <summary>An error the plugin reports on stderr as one line before exiting 1.</summary>
internal sealed class PluginException(string message) : Exception(message);
