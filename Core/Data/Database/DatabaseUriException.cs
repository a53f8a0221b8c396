namespace Tapline.Core.Data.Database;

/// <summary>A <c>database_uri</c> (or <c>ConnectionStrings:systemdb</c>) that cannot be used; the message says why.</summary>
public sealed class DatabaseUriException(string message, Exception? inner = null) : Exception(message, inner);
