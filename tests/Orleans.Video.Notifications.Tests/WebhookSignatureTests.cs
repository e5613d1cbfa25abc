using System.Text;
using Orleans.Video.Notifications;

namespace Orleans.Video.Notifications.Tests;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void The_signature_is_the_hex_hmac_sha256_of_the_body_as_rfc_4231_gives_it()
    {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
        var signature = WebhookSignature.Compute("Jefe", "what do ya want for nothing?"u8);
        Assert.Equal("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", signature);
    }

    [Fact]
    public void Verification_fails_for_another_body_another_secret_or_no_header()
    {
        var body = Encoding.UTF8.GetBytes("{\"type\":\"start\"}");
        var header = WebhookSignature.Compute("a-secret-of-sixteen", body);
        Assert.True(WebhookSignature.Verify("a-secret-of-sixteen", body, header));
        Assert.False(WebhookSignature.Verify("a-secret-of-sixteen", Encoding.UTF8.GetBytes("{\"type\":\"end\"}"), header));
        Assert.False(WebhookSignature.Verify("another-secret-of-16", body, header));
        Assert.False(WebhookSignature.Verify("a-secret-of-sixteen", body, null));
    }
}
