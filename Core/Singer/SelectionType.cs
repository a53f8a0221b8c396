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

    /// <summary>A property's selection within its stream, as Meltano adds them: excluded wins, then automatic, then unsupported.</summary>
    public static SelectionType Within(this SelectionType property, SelectionType stream) =>
        stream == SelectionType.Excluded || property == SelectionType.Excluded ? SelectionType.Excluded
        : stream == SelectionType.Automatic || property == SelectionType.Automatic ? SelectionType.Automatic
        : stream == SelectionType.Unsupported || property == SelectionType.Unsupported ? SelectionType.Unsupported
        : SelectionType.Selected;
}
