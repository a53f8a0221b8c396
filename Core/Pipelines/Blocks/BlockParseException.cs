using Tapline.Core.Project;

namespace Tapline.Core.Pipelines.Blocks;

/// <summary>A block or job that cannot run as written; the message names the step and what is missing.</summary>
public sealed class BlockParseException(string message) : ProjectException(message);
