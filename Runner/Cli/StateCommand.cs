using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tapline.Core.Data.State;
using Tapline.Core.Singer;

namespace Tapline.Runner.Cli;

/// <summary>
/// <c>tapline state list|get|set|merge|clear|copy|move|restore|rewind|history</c>, as Meltano's <c>meltano state</c>: state ids
/// are whatever string the user passes; JSON is Meltano's shape (<c>{"singer_state": ...}</c>); <c>get</c> prints
/// the effective state (partial merged onto completed) as Meltano's <c>json.dumps</c> does. Destructive verbs
/// ask for confirmation, and without <c>--force</c> refuse outright when stdin is not a terminal.
/// </summary>
public static class StateCommand
{
    private static readonly Argument<string> StateId = new("STATE_ID") { Description = "The state id (as `tapline run` or --state-id named it)" };

    public static Command Create()
    {
        var command = new Command("state", "Manage Singer state in the system database");
        command.Add(CreateList());
        command.Add(CreateGet());
        command.Add(CreateSet());
        command.Add(CreateMerge());
        command.Add(CreateClear());
        command.Add(CreateCopy());
        command.Add(CreateMove());
        command.Add(CreateRestore());
        command.Add(CreateRewind());
        command.Add(CreateHistory());
        return command;
    }

    private static Option<bool> ForceOption() => new("--force") { Description = "Don't prompt for confirmation" };

    private static async Task<StateStore> OpenAsync(ParseResult parse, CancellationToken ct) =>
        CliDatabase.StateStore(await CliDatabase.OpenAsync(CliGlobals.OpenProject(parse), ct));

    private static Command CreateList()
    {
        var pattern = new Argument<string?>("PATTERN") { Description = "Glob of state ids (* and ?)", Arity = ArgumentArity.ZeroOrOne };
        var patternOption = new Option<string?>("--pattern") { Description = "Same as PATTERN (Meltano's spelling)" };
        var list = new Command("list", "List state ids") { pattern, patternOption };
        CliAction.Set(list, async (parse, ct) =>
        {
            var store = await OpenAsync(parse, ct);
            var states = await store.ListAsync(parse.GetValue(pattern) ?? parse.GetValue(patternOption), ct);
            if (states.Count == 0)
            {
                await Console.Error.WriteLineAsync("No state IDs found.");
            }
            foreach (var s in states)
            {
                Console.WriteLine(s.StateId);
            }
            return CliExit.Ok;
        });
        return list;
    }

    private static Command CreateGet()
    {
        var get = new Command("get", "Print the state the next run would start from") { StateId };
        CliAction.Set(get, async (parse, ct) =>
        {
            var store = await OpenAsync(parse, ct);
            var stored = await store.LoadAsync(parse.GetValue(StateId)!, ct);
            Console.WriteLine(PythonJson.Dumps(stored is null ? new JsonObject() : StateMerge.Effective(stored)));
            return CliExit.Ok;
        });
        return get;
    }

    private static Command CreateSet()
    {
        var state = new Argument<string?>("STATE") { Description = "JSON: {\"singer_state\": {...}}", Arity = ArgumentArity.ZeroOrOne };
        var inputFile = new Option<string?>("--input-file") { Description = "Read the state JSON from this file" };
        var force = ForceOption();
        var set = new Command("set", "Replace the state of a state id") { StateId, state, inputFile, force };
        CliAction.Set(set, async (parse, ct) =>
        {
            var id = parse.GetValue(StateId)!;
            var payload = await ReadPayloadAsync(parse.GetValue(state), parse.GetValue(inputFile), ct);
            if (!Confirm(parse.GetValue(force), "This will overwrite the state's current value. Continue?"))
            {
                return CliExit.Error;
            }
            var store = await OpenAsync(parse, ct);
            await store.SaveAsync(id, StateMerge.Set(payload), runId: null, ct);
            await Done($"State for {id} was successfully set");
            await CliAudit.WriteAsync(parse, "state.set", id, null, ct);
            return CliExit.Ok;
        });
        return set;
    }

    private static Command CreateMerge()
    {
        var state = new Argument<string?>("STATE") { Description = "JSON: {\"singer_state\": {...}}", Arity = ArgumentArity.ZeroOrOne };
        var inputFile = new Option<string?>("--input-file") { Description = "Merge the state JSON in this file" };
        var fromStateId = new Option<string?>("--from-state-id") { Description = "Merge the state of another state id" };
        var merge = new Command("merge", "Add bookmarks to the existing state") { StateId, state, inputFile, fromStateId };
        CliAction.Set(merge, async (parse, ct) =>
        {
            var id = parse.GetValue(StateId)!;
            var from = parse.GetValue(fromStateId);
            if (from is not null && (parse.GetValue(state) is not null || parse.GetValue(inputFile) is not null))
            {
                throw new UsageException("Must provide exactly one of: --input-file, STATE, --from-state-id");
            }
            var store = await OpenAsync(parse, ct);
            var current = await store.LoadAsync(id, ct);
            StoredState next;
            if (from is not null)
            {
                var source = await store.LoadAsync(from, ct);
                if (source is null || StateMerge.Validate(StateMerge.Effective(source)) is not null)
                {
                    await Console.Error.WriteLineAsync($"error: state id '{from}' has no state to merge");
                    return CliExit.Error;
                }
                next = StateMerge.MergeFrom(current, source);
            }
            else
            {
                var payload = await ReadPayloadAsync(parse.GetValue(state), parse.GetValue(inputFile), ct, "--from-state-id");
                next = StateMerge.Apply(current, payload, partial: true);
            }
            await store.SaveAsync(id, next, runId: null, ct);
            await Done($"State for {id} was successfully merged");
            return CliExit.Ok;
        });
        return merge;
    }

    private static Command CreateClear()
    {
        var force = ForceOption();
        var stateId = new Argument<string?>("STATE_ID") { Description = "The state id to clear", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Clear the state of every state id" };
        var clear = new Command("clear", "Remove the state of a state id, or of all (--all)") { stateId, all, force };
        CliAction.Set(clear, async (parse, ct) =>
        {
            var id = parse.GetValue(stateId);
            var clearAll = parse.GetValue(all);
            if (string.IsNullOrEmpty(id) == !clearAll)
            {
                throw new UsageException("A state ID or the --all flag must be provided, but not both");
            }
            if (!Confirm(parse.GetValue(force), "This will clear state for the job(s). Continue?"))
            {
                return CliExit.Error;
            }
            var store = await OpenAsync(parse, ct);
            if (clearAll)
            {
                var count = 0;
                foreach (var record in await store.ListAsync(null, ct))
                {
                    count += await store.ClearAsync(record.StateId, ct) ? 1 : 0;
                }
                await Done($"{count} state(s) were successfully cleared");
                await CliAudit.WriteAsync(parse, "state.clear", "--all", new JsonObject { ["cleared"] = count }, ct);
                return CliExit.Ok;
            }
            var removed = await store.ClearAsync(id!, ct);
            await Done(removed ? $"State for {id} was successfully cleared" : $"State id {id} had no state; nothing to clear");
            await CliAudit.WriteAsync(parse, "state.clear", id, new JsonObject { ["cleared"] = removed }, ct);
            return CliExit.Ok;
        });
        return clear;
    }

    private static Command CreateCopy() => CreateTransfer("copy", "Copy state to another state id",
        "This will overwrite state for the destination. Continue?",
        (store, src, dst, ct) => store.CopyAsync(src, dst, ct), "was successfully copied from");

    private static Command CreateMove() => CreateTransfer("move", "Move state to another state id, clearing the original",
        "This will clear the source state and overwrite destination state. Continue?",
        (store, src, dst, ct) => store.MoveAsync(src, dst, ct), "was successfully moved from");

    private static Command CreateTransfer(string name, string description, string prompt,
        Func<StateStore, string, string, CancellationToken, Task<bool>> transfer, string verbPhrase)
    {
        var source = new Argument<string>("SRC_STATE_ID");
        var destination = new Argument<string>("DST_STATE_ID");
        var force = ForceOption();
        var command = new Command(name, description) { source, destination, force };
        CliAction.Set(command, async (parse, ct) =>
        {
            var src = parse.GetValue(source)!;
            var dst = parse.GetValue(destination)!;
            if (!Confirm(parse.GetValue(force), prompt))
            {
                return CliExit.Error;
            }
            var store = await OpenAsync(parse, ct);
            if (!await transfer(store, src, dst, ct))
            {
                await Console.Error.WriteLineAsync($"error: state id '{src}' has no state; '{dst}' was left as it was");
                return CliExit.Error;
            }
            await Done($"State for {dst} {verbPhrase} {src}");
            return CliExit.Ok;
        });
        return command;
    }

    private static Command CreateRestore()
    {
        var run = new Option<string?>("--run") { Description = "The run id whose last saved state to put back" };
        var entry = new Option<long?>("--entry") { Description = "The history entry to put back (`tapline state history` lists them)" };
        var reason = new Option<string?>("--reason") { Description = "Why; kept in the state history" };
        var force = ForceOption();
        var restore = new Command("restore", "Put back a past state from the state history (a run's save or any entry)") { StateId, run, entry, reason, force };
        CliAction.Set(restore, async (parse, ct) =>
        {
            var id = parse.GetValue(StateId)!;
            var runText = parse.GetValue(run);
            var entryId = parse.GetValue(entry);
            if ((runText is null) == (entryId is null))
            {
                throw new UsageException("Must provide exactly one of: --run RUN_ID, --entry ENTRY_ID");
            }
            Guid runId = default;
            if (runText is not null && !Guid.TryParse(runText, out runId))
            {
                throw new UsageException($"--run '{runText}' is not a run id (a UUID, as `tapline run` prints it)");
            }
            if (!Confirm(parse.GetValue(force), "This will overwrite the state's current value. Continue?"))
            {
                return CliExit.Error;
            }
            var store = await OpenAsync(parse, ct);
            if (runText is not null)
            {
                entryId = (await store.GetHistoryAsync(id, ct)).FirstOrDefault(h => h.RunId == runId)?.Id;
                if (entryId is null)
                {
                    await Console.Error.WriteLineAsync($"error: run {runId} saved no state for state id '{id}'; nothing was changed");
                    return CliExit.Error;
                }
            }
            await new StateEditor(store).RestoreEntryAsync(id, entryId!.Value, StateChange.FromCli(parse.GetValue(reason)), ct);
            await Done(runText is null
                ? $"State for {id} was successfully restored to history entry {entryId}"
                : $"State for {id} was successfully restored to what run {runId} saved");
            return CliExit.Ok;
        });
        return restore;
    }

    /// <summary><c>state history STATE_ID</c>: every saved version, newest first, with the run or the person (and why).</summary>
    private static Command CreateHistory()
    {
        var history = new Command("history", "List the saved versions of a state id (entry, time, run or who, why)") { StateId };
        CliAction.Set(history, async (parse, ct) =>
        {
            var id = parse.GetValue(StateId)!;
            var entries = await (await OpenAsync(parse, ct)).GetHistoryAsync(id, ct);
            if (entries.Count == 0)
            {
                await Console.Error.WriteLineAsync($"No state history for {id}.");
            }
            foreach (var h in entries)
            {
                var by = h.RunId is { } r ? $"run {r}" : h.Actor ?? "-";
                var what = h.Completed is null && h.Partial is null ? " (cleared)" : "";
                Console.WriteLine($"{h.Id}\t{h.SavedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}\t{by}{what}\t{h.Reason}".TrimEnd('\t'));
            }
            return CliExit.Ok;
        });
        return history;
    }

    /// <summary>
    /// Tapline's <c>state rewind STATE_ID STREAM --to VALUE</c> (or <c>--clear</c>): one stream's bookmark is set back
    /// (validated against the bookmark's kind) or removed, the other streams keep theirs; the history names the OS user.
    /// </summary>
    private static Command CreateRewind()
    {
        var stream = new Argument<string>("STREAM") { Description = "The stream (tap_stream_id) whose bookmark to change" };
        var to = new Option<string?>("--to") { Description = "The new bookmark value, of the kind the bookmark has (ISO 8601 timestamp with offset, integer, string)" };
        var clear = new Option<bool>("--clear") { Description = "Remove the stream's bookmark instead: its next run syncs it from the start" };
        var key = new Option<string?>("--key") { Description = "The bookmark key to set (default replication_key_value, or the stream's only key)" };
        var reason = new Option<string?>("--reason") { Description = "Why; kept in the state history" };
        var force = ForceOption();
        var rewind = new Command("rewind", "Rewind or clear one stream's bookmark, keeping the others") { StateId, stream, to, clear, key, reason, force };
        CliAction.Set(rewind, async (parse, ct) =>
        {
            var id = parse.GetValue(StateId)!;
            var name = parse.GetValue(stream)!;
            var value = parse.GetValue(to);
            var clearing = parse.GetValue(clear);
            if ((value is null) == !clearing)
            {
                throw new UsageException("Must provide exactly one of: --to VALUE, --clear");
            }
            if (clearing && parse.GetValue(key) is not null)
            {
                throw new UsageException("--key applies to --to only; --clear removes the stream's whole bookmark");
            }
            if (!Confirm(parse.GetValue(force), $"This will change the bookmark of stream {name}. Continue?"))
            {
                return CliExit.Error;
            }
            var editor = new StateEditor(await OpenAsync(parse, ct));
            var change = StateChange.FromCli(parse.GetValue(reason));
            if (clearing)
            {
                await editor.ClearStreamAsync(id, name, change, ct);
                await Done($"Bookmark of stream {name} in {id} was successfully cleared");
                return CliExit.Ok;
            }
            await editor.RewindAsync(id, name, parse.GetValue(key), value!, change, ct);
            await Done($"Bookmark of stream {name} in {id} was successfully set to {value}");
            return CliExit.Ok;
        });
        return rewind;
    }

    /// <summary>The payload from STATE or --input-file (exactly one), parsed and checked as Meltano's validate_state.</summary>
    private static async Task<JsonObject> ReadPayloadAsync(string? inline, string? inputFile, CancellationToken ct, string? alternative = null)
    {
        if ((inline is null) == (inputFile is null))
        {
            throw new UsageException($"Must provide exactly one of: --input-file, STATE{(alternative is null ? "" : ", " + alternative)}");
        }
        string text;
        string where;
        if (inputFile is not null)
        {
            if (!File.Exists(inputFile))
            {
                throw new UsageException($"--input-file '{inputFile}' does not exist");
            }
            text = await File.ReadAllTextAsync(inputFile, ct);
            where = inputFile;
        }
        else
        {
            text = inline!;
            where = "STATE";
        }
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new UsageException($"{where} is not valid JSON: {e.Message}");
        }
        if (StateMerge.Validate(node) is { } error)
        {
            throw new UsageException($"{where}: {error}");
        }
        return (JsonObject)node!;
    }

    /// <summary>Meltano's --force prompt; with stdin not a terminal there is no one to ask, so the answer is no.</summary>
    private static bool Confirm(bool force, string prompt)
    {
        if (force)
        {
            return true;
        }
        if (Console.IsInputRedirected)
        {
            Console.Error.WriteLine($"error: {prompt.Replace(" Continue?", "", StringComparison.Ordinal)} Pass --force to confirm (stdin is not a terminal, so Tapline cannot ask).");
            return false;
        }
        Console.Error.Write($"{prompt} [y/N]: ");
        var answer = Console.ReadLine()?.Trim();
        if (string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) || string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        Console.Error.WriteLine("Aborted!");
        return false;
    }

    private static Task Done(string message) =>
        Console.Error.WriteLineAsync($"{message} at {DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}+0000.");
}
