using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Orleans.Video.Notifications;
using Orleans.Video.TestSupport;
using Orleans.Video.Sources;

namespace Orleans.Video.Notifications.Tests;

/// <summary>Webhook requests to a real HTTP receiver on loopback: what each answer means, and the network policy.</summary>
public sealed class WebhookSenderTests : IAsyncLifetime
{
    private const string Secret = "tests-secret-0123456789";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"type\":\"start\",\"key\":\"yard/1:object/start\"}");

    private readonly WebhookReceiver _receiver = new();
    private readonly WebhookSender _allowing = Sender(allowPrivate: true);

    // Generous: the first request of a test run (JIT, a busy CI machine) took over a second once.
    private WebhookTarget Target => new() { Url = _receiver.Url, Secret = Secret, Timeout = TimeSpan.FromSeconds(10) };

    private static WebhookSender Sender(bool allowPrivate, params string[] allowedHosts) =>
        new(new SourcePolicy(Options.Create(new SourceOptions { AllowPrivateNetworks = allowPrivate, AllowedHosts = [.. allowedHosts] })));

    public Task InitializeAsync()
    {
        _receiver.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _allowing.Dispose();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task A_delivery_is_posted_signed_with_its_key_and_type()
    {
        var result = await _allowing.SendAsync(Target, "yard/1:object/start", "event.start", Body, CancellationToken.None);

        Assert.Equal(new WebhookResult(WebhookOutcome.Delivered, null), result);
        var received = Assert.Single(_receiver.Received);
        Assert.Equal("POST", received.Method);
        Assert.Equal("/hooks/", received.Path);
        Assert.Equal("application/json", received.ContentType);
        Assert.Equal(Body, received.Body);
        Assert.Equal("yard/1:object/start", received.IdempotencyKey);
        Assert.Equal("event.start", received.EventType);
        Assert.True(WebhookSignature.Verify(Secret, received.Body, received.Signature), $"signature {received.Signature}");
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, WebhookOutcome.Failed)]
    [InlineData(HttpStatusCode.ServiceUnavailable, WebhookOutcome.Failed)]
    [InlineData(HttpStatusCode.TooManyRequests, WebhookOutcome.Failed)]
    [InlineData(HttpStatusCode.RequestTimeout, WebhookOutcome.Failed)]
    [InlineData(HttpStatusCode.BadRequest, WebhookOutcome.Rejected)]
    [InlineData(HttpStatusCode.Gone, WebhookOutcome.Rejected)]
    [InlineData(HttpStatusCode.Accepted, WebhookOutcome.Delivered)]
    public async Task The_answer_decides_whether_to_try_again(HttpStatusCode status, WebhookOutcome outcome)
    {
        _receiver.Answer = _ => (status, TimeSpan.Zero);
        var result = await _allowing.SendAsync(Target, "k", "event.start", Body, CancellationToken.None);
        Assert.Equal(outcome, result.Outcome);
        if (outcome != WebhookOutcome.Delivered)
        {
            Assert.Contains($"HTTP {(int)status}", result.Error);
        }
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_in_time_fails_the_attempt()
    {
        _receiver.Answer = _ => (HttpStatusCode.OK, TimeSpan.FromSeconds(3));
        var result = await _allowing.SendAsync(new WebhookTarget { Url = _receiver.Url, Secret = Secret, Timeout = TimeSpan.FromSeconds(1) },
            "k", "event.start", Body, CancellationToken.None);
        Assert.Equal(new WebhookResult(WebhookOutcome.Failed, "no answer within 1 s"), result);
    }

    [Fact]
    public async Task A_receiver_that_is_down_fails_the_attempt()
    {
        await _receiver.StopAsync();
        var result = await _allowing.SendAsync(Target, "k", "event.start", Body, CancellationToken.None);
        Assert.Equal(WebhookOutcome.Failed, result.Outcome);
        Assert.Contains("refused", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_redirect_is_not_followed()
    {
        await using var inside = new WebhookReceiver();
        inside.Start();
        _receiver.Answer = _ => (HttpStatusCode.Found, TimeSpan.Zero);
        var result = await _allowing.SendAsync(Target, "k", "event.start", Body, CancellationToken.None);
        Assert.Equal(WebhookOutcome.Failed, result.Outcome);
        Assert.Contains("redirects are not followed", result.Error);
        Assert.Single(_receiver.Received);
        Assert.Empty(inside.Received);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task A_receiver_in_a_private_range_is_refused_unless_the_policy_allows_it(string host)
    {
        using var refusing = Sender(allowPrivate: false);
        var target = new WebhookTarget { Url = $"http://{host}:{_receiver.Port}/hooks/", Secret = Secret, Timeout = TimeSpan.FromSeconds(10) };

        var result = await refusing.SendAsync(target, "k", "event.start", Body, CancellationToken.None);

        Assert.Equal(WebhookOutcome.Failed, result.Outcome);
        Assert.Contains("loopback/private/link-local", result.Error);
        Assert.Contains("Sources:AllowPrivateNetworks", result.Error);
        Assert.Empty(_receiver.Received);
        Assert.Equal(WebhookOutcome.Delivered, (await _allowing.SendAsync(target, "k", "event.start", Body, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task An_allowed_host_opens_that_receiver_and_no_other()
    {
        using var one = Sender(allowPrivate: false, "127.0.0.1");
        Assert.Equal(WebhookOutcome.Delivered, (await one.SendAsync(Target, "k", "event.start", Body, CancellationToken.None)).Outcome);
        var other = new WebhookTarget { Url = $"http://127.0.0.2:{_receiver.Port}/hooks/", Secret = Secret, Timeout = TimeSpan.FromSeconds(10) };
        var refused = await one.SendAsync(other, "k", "event.start", Body, CancellationToken.None);
        Assert.Contains("Sources:AllowedHosts", refused.Error);
    }
}
