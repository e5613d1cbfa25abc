namespace Orleans.Video.Storage.Tests.TestGrains;

[GrainType("reminderprobe")]
public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    public const string ReminderName = "probe";

    // In memory only: the test reads it while the activation is alive, and the reminder row is
    // what it checks for durability.
    private int _ticks;

    public async Task StartAsync(TimeSpan period)
    {
        await this.RegisterOrUpdateReminder(ReminderName, dueTime: period, period: period);
    }

    public async Task StopAsync()
    {
        var reminder = await this.GetReminder(ReminderName);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task<int> GetTicksAsync() => Task.FromResult(_ticks);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _ticks++;
        return Task.CompletedTask;
    }
}
