using System.Security.Cryptography;
using System.Text;

namespace Orleans.Video.Notifications;

/// <summary>
/// The <c>X-Signature</c> header: "sha256=" and the lower-case hex HMAC-SHA256 of the exact body bytes, keyed with the
/// target's secret (UTF-8). A receiver computes the same over the body it read and compares in constant time.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-Signature";
    public const string Prefix = "sha256=";

    public static string Compute(string secret, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header) =>
        header is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(secret, body)), Encoding.ASCII.GetBytes(header));
}
