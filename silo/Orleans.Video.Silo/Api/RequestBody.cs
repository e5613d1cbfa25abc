using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Orleans.Video.Silo.Api;

/// <summary>
/// A route's body limit, enforced on the bytes read: a chunked body has no <c>Content-Length</c> to check first, and a
/// header may lie. Kestrel counts the bytes and fails the read past the limit (a <see cref="BadHttpRequestException"/>
/// with status 413), which the route answers as <see cref="TooLarge"/>.
/// </summary>
internal static class RequestBody
{
    /// <summary>Sets the limit for this request; the 413 to answer at once when the declared length is already beyond it.</summary>
    public static ProblemHttpResult? Limit(HttpRequest request, long maxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            // Refused unread, under the silo's own limit (Api:MaxBodyBytes): Kestrel then drains what was sent and the
            // client reads the answer. Lowered to this route's limit, the drain would fail and cut the connection.
            return TooLarge(maxBytes);
        }
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }
        return null;
    }

    public static ProblemHttpResult TooLarge(long maxBytes) =>
        TypedResults.Problem($"body must be at most {maxBytes} bytes", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large");
}
