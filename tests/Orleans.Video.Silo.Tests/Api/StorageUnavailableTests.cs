using Npgsql;
using Orleans.Runtime;
using Orleans.Video.Silo.Api;

namespace Orleans.Video.Silo.Tests.Api;

public sealed class StorageUnavailableTests
{
    [Fact]
    public void A_database_failure_however_wrapped_is_a_reason_to_try_again()
    {
        var timedOut = new NpgsqlException("The operation has timed out", new TimeoutException());
        var reason = StorageUnavailable.Reason(new OrleansException("Error from storage provider", timedOut));
        Assert.NotNull(reason);
        Assert.StartsWith("PostgreSQL did not answer: The operation has timed out", reason);
        Assert.Contains("try again", reason);
    }

    [Fact]
    public void A_grain_call_that_timed_out_is_a_reason_to_try_again()
    {
        var reason = StorageUnavailable.Reason(new TimeoutException("Response did not arrive on time in 00:00:30"));
        Assert.NotNull(reason);
        Assert.Contains("did not answer in time (Response did not arrive on time in 00:00:30)", reason);
    }

    [Fact]
    public void Other_failures_stay_what_they_are()
    {
        Assert.Null(StorageUnavailable.Reason(new InvalidOperationException("a bug")));
        Assert.Null(StorageUnavailable.Reason(new ArgumentException("bad id", new FormatException())));
    }
}
