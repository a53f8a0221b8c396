namespace Tapline.Core.Notifications;

/// <summary>
/// What one attempt came to. <see cref="Retryable"/>: a timeout, a refused connection or a 5xx (the receiver may
/// take it later); a 4xx or a bad address is not retried.
/// </summary>
public sealed record DeliveryResult(bool Ok, int? StatusCode, string? Error, bool Retryable)
{
    public static DeliveryResult Success(int? status) => new(true, status, null, false);

    public override string ToString() =>
        Ok ? $"delivered{(StatusCode is { } s ? $" ({s})" : "")}"
           : $"failed{(StatusCode is { } c ? $" ({c})" : "")}: {Error}";
}
