using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Runtime;
using Orleans.Video.Notifications;
using Orleans.Video.Storage.Notifications;

namespace Orleans.Video.Grains.Notifications;

/// <summary>
/// Sends one webhook target's outbox, oldest first, one request at a time: a delivery leaves the outbox when the
/// receiver accepts it (2xx) or refuses it for good (4xx); any other failure waits, doubling from
/// <see cref="NotificationsOptions.FirstRetryDelay"/> up to <see cref="NotificationsOptions.MaxRetryDelay"/>, and the
/// deliveries behind it wait too, so a receiver sees an event's updates in order. Reentrant: the status answers while
/// a request is out.
/// </summary>
[Reentrant]
[GrainType("webhook")]
public sealed partial class WebhookGrain(
    IOptions<NotificationsOptions> options,
    WebhookOutbox outbox,
    WebhookSender sender,
    TimeProvider clock,
    ILogger<WebhookGrain> logger) : Grain, IWebhookGrain, IRemindable
{
    /// <summary>Registered while deliveries wait: brings the grain back after its silo died.</summary>
    private const string DeliverReminder = "deliver";
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan CheckPeriod = TimeSpan.FromSeconds(1);

    private Task _delivering = Task.CompletedTask;
    /// <summary>Null until known: a reminder of an earlier activation may be there.</summary>
    private bool? _reminderRegistered;

    private string Name => this.GetPrimaryKeyString();

    private WebhookTarget? Target => options.Value.Webhooks.Find(target => string.Equals(target.DisplayName, Name, StringComparison.OrdinalIgnoreCase));

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Retries come due on this timer; it does not keep the grain alive (the reminder does, while anything waits).
        this.RegisterGrainTimer(() => { Kick(); return Task.CompletedTask; }, new GrainTimerCreationOptions(CheckPeriod, CheckPeriod));
        Kick();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _delivering;
        NotificationMetrics.ForgetWebhook(Name);
    }

    public Task WakeAsync()
    {
        Kick();
        return Task.CompletedTask;
    }

    public async Task<WebhookStatus> GetStatusAsync()
    {
        var target = Target;
        var state = await outbox.StateAsync(Name);
        return new WebhookStatus
        {
            Name = Name,
            Url = target?.Url ?? "",
            Pending = state.Pending,
            OldestPending = state.OldestPending,
            Attempts = state.HeadAttempts,
            NextAttempt = state.NextAttempt,
            Delivered = state.Delivered,
            Rejected = state.Rejected,
            Dropped = state.Dropped,
            LastDelivered = state.LastDelivered,
            LastError = target is null ? $"no webhook target named '{Name}' is configured (Notifications:Webhooks)" : state.LastError,
            LastErrorAt = state.LastErrorAt,
        };
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Kick();
        return Task.CompletedTask;
    }

    /// <summary>Starts a delivery round unless one is running.</summary>
    private void Kick()
    {
        if (_delivering.IsCompleted && Target is not null)
        {
            _delivering = DeliverAsync(Target);
        }
    }

    private async Task DeliverAsync(WebhookTarget target)
    {
        var settings = options.Value;
        try
        {
            while (true)
            {
                var head = await outbox.HeadAsync(Name);
                if (head is null)
                {
                    NotificationMetrics.SetWebhookPending(Name, 0);
                    await KeepReminderAsync(false);
                    return;
                }
                await KeepReminderAsync(true);
                var now = clock.GetUtcNow();
                if (head.Created < now - settings.MaxDeliveryAge)
                {
                    var dropped = await outbox.DropOlderThanAsync(Name, now - settings.MaxDeliveryAge);
                    NotificationMetrics.WebhookDropped.Add(dropped, NotificationMetrics.Target(Name));
                    LogExpired(logger, Name, dropped, settings.MaxDeliveryAge);
                    continue;
                }
                if (head.NextAttempt > now)
                {
                    return;
                }
                var result = await sender.SendAsync(target, head.IdempotencyKey, head.EventType, head.Body, CancellationToken.None);
                NotificationMetrics.WebhookDeliveries.Add(1, NotificationMetrics.Target(Name), new("outcome", result.Outcome.ToString().ToLowerInvariant()));
                now = clock.GetUtcNow();
                switch (result.Outcome)
                {
                    case WebhookOutcome.Delivered:
                        await outbox.DeliveredAsync(Name, head.Id, now);
                        break;
                    case WebhookOutcome.Rejected:
                        LogRejected(logger, Name, head.IdempotencyKey, result.Error!);
                        await outbox.RejectedAsync(Name, head.Id, result.Error!, now);
                        break;
                    default:
                        var delay = RetryDelay(head.Attempts, settings);
                        LogFailed(logger, Name, head.IdempotencyKey, head.Attempts + 1, result.Error!, delay);
                        await outbox.FailedAsync(Name, head.Id, result.Error!, now + delay, now);
                        await UpdatePendingAsync();
                        return;
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database is away: the outbox is where it was, and the next check tries again.
            LogOutboxFailed(logger, Name, e.Message);
        }
    }

    /// <summary>The wait after a failed attempt: <see cref="NotificationsOptions.FirstRetryDelay"/> doubled per earlier attempt, at most the maximum.</summary>
    public static TimeSpan RetryDelay(int earlierAttempts, NotificationsOptions settings)
    {
        var factor = Math.Pow(2, Math.Min(earlierAttempts, 30));
        return TimeSpan.FromTicks((long)Math.Min(settings.FirstRetryDelay.Ticks * factor, settings.MaxRetryDelay.Ticks));
    }

    private async Task UpdatePendingAsync() => NotificationMetrics.SetWebhookPending(Name, (await outbox.StateAsync(Name)).Pending);

    private async Task KeepReminderAsync(bool waiting)
    {
        if (waiting && _reminderRegistered != true)
        {
            await this.RegisterOrUpdateReminder(DeliverReminder, ReminderPeriod, ReminderPeriod);
            _reminderRegistered = true;
        }
        else if (!waiting && _reminderRegistered != false)
        {
            if (await this.GetReminder(DeliverReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
            _reminderRegistered = false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Target}: delivery {Key} failed (attempt {Attempt}): {Error}; next try in {Delay}")]
    private static partial void LogFailed(ILogger logger, string target, string key, int attempt, string error, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Target}: delivery {Key} refused: {Error}")]
    private static partial void LogRejected(ILogger logger, string target, string key, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Target}: {Count} deliveries older than {MaxAge} dropped")]
    private static partial void LogExpired(ILogger logger, string target, long count, TimeSpan maxAge);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Target}: outbox unavailable: {Error}")]
    private static partial void LogOutboxFailed(ILogger logger, string target, string error);
}
