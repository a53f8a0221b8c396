namespace Tapline.Runner;

/// <summary>Entry point of the `tapline` command line (Meltano's verbs).</summary>
public static class TaplineCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == "worker")
        {
            return await WorkerHost.RunAsync(args[1..]);
        }
        await Console.Error.WriteLineAsync("usage: tapline <command> [options]");
        return 2;
    }
}
