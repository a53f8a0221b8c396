namespace Tapline.Api.Runs;

/// <summary>One page of a list, newest first.</summary>
public sealed record PageOf<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);
