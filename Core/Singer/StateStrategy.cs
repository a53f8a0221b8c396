namespace Tapline.Core.Singer;

/// <summary>Meltano's <c>--state-strategy</c>: auto (default), merge (<c>--merge-state</c>), overwrite.</summary>
public enum StateStrategy
{
    Auto,
    Merge,
    Overwrite,
}
