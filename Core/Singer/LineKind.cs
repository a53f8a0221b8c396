namespace Tapline.Core.Singer;

/// <summary>What the scanner learned about one stdout line, without parsing the whole of it.</summary>
public enum LineKind
{
    /// <summary>The prefix seen so far does not settle the question yet.</summary>
    Undecided,

    /// <summary>Empty or only whitespace.</summary>
    Blank,

    /// <summary>A RECORD message; its stream is known.</summary>
    Record,

    /// <summary>Any other JSON object (SCHEMA, STATE, ACTIVATE_VERSION, BATCH, or an unknown shape).</summary>
    OtherMessage,

    /// <summary>Not a JSON object. Passed through anyway: the target decides.</summary>
    NotJson,
}
