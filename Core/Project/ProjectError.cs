namespace Tapline.Core.Project;

/// <summary>One problem in a project, pinned to the file, line and column that cause it.</summary>
public sealed record ProjectError(string File, int Line, int Column, string Message)
{
    public static ProjectError At(SourceLocation? at, string file, string message) =>
        at is null ? new ProjectError(file, 0, 0, message) : new ProjectError(at.File, at.Line, at.Column, message);

    public override string ToString() =>
        Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}
