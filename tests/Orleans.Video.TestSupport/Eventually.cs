namespace Orleans.Video.TestSupport;

/// <summary>
/// Waits for a condition with a deadline instead of sleeping a guessed time: returns as soon as the
/// condition holds, and fails with what was awaited (and the last error seen) when it never does.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultPoll = TimeSpan.FromMilliseconds(100);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? poll = null)
    {
        await ValueAsync(condition, done => done, timeout, what, poll);
    }

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> accepts its value, and returns it.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what, TimeSpan? poll = null)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        Exception? lastError = null;
        var lastValue = default(T);
        while (true)
        {
            try
            {
                lastValue = await probe();
                if (done(lastValue))
                {
                    return lastValue;
                }

                lastError = null;
            }
            catch (Exception ex)
            {
                // A probe may fail while the system settles (e.g. a silo still joining); keep trying.
                lastError = ex;
            }

            if (TimeProvider.System.GetTimestamp() >= deadline)
            {
                throw new TimeoutException(
                    $"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}; last value: {lastValue}", lastError);
            }

            await Task.Delay(poll ?? DefaultPoll);
        }
    }

    /// <summary>Polls a condition on what is in memory; <paramref name="what"/> is asked for at the deadline, to describe the state then.</summary>
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, Func<string> what, TimeSpan? poll = null)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (!condition())
        {
            if (TimeProvider.System.GetTimestamp() >= deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what()}");
            }
            await Task.Delay(poll ?? DefaultPoll);
        }
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, string what, TimeSpan? poll = null) =>
        TrueAsync(condition, timeout, () => what, poll);
}
