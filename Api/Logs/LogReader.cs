using System.Text;

namespace Tapline.Api.Logs;

/// <summary>Reads a log file that the Runner may still be appending to (shared read, no lock on the writer).</summary>
public static class LogReader
{
    public static FileStream OpenShared(string path) =>
        new(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
        });

    /// <summary>The last <paramref name="count"/> lines and the total number of lines (the next line to stream from).</summary>
    public static async Task<(IReadOnlyList<string> Lines, long Total)> TailAsync(string path, int count, CancellationToken cancellationToken)
    {
        var ring = new Queue<string>(count);
        long total = 0;
        await using var stream = OpenShared(path);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            total++;
            if (ring.Count == count) ring.Dequeue();
            ring.Enqueue(line);
        }
        return (ring.ToList(), total);
    }
}
