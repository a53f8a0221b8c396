namespace Tapline.Runner.Cli;

/// <summary>The command line is incomplete in a way the parser cannot see; exits with code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
