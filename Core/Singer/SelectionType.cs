namespace Tapline.Core.Singer;

/// <summary>How a stream or property ends up, as Meltano's <c>SelectionType</c>.</summary>
public enum SelectionType
{
    Selected,
    Excluded,
    Automatic,
    Unsupported,
}

public static class SelectionTypeExtensions
{
    /// <summary>Whether the node is extracted (selected or automatic).</summary>
    public static bool IsIncluded(this SelectionType type) => type is SelectionType.Selected or SelectionType.Automatic;
}
