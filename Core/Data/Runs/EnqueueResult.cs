namespace Tapline.Core.Data.Runs;

/// <summary>The queued run; <see cref="Created"/> is false when the fire key had already been enqueued.</summary>
public sealed record EnqueueResult(RunRecord Run, bool Created);
