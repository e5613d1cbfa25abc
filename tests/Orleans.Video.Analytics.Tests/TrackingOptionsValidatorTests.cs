namespace Orleans.Video.Analytics.Tests;

public sealed class TrackingOptionsValidatorTests
{
    private static readonly TrackingOptionsValidator Validator = new();

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(Validator.Validate(null, new TrackerOptions()).Succeeded);
        Assert.True(Validator.Validate(null, new EventOptions()).Succeeded);
    }

    [Theory]
    [InlineData("ReconnectWithin", "Tracking:ReconnectWithin is -00:00:01; it must be between 00:00:00 and 00:01:00")]
    [InlineData("StationaryAfter", "Tracking:StationaryAfter is 2.00:00:00; it must be between 00:00:00 and 1.00:00:00")]
    [InlineData("ZoneInertia", "Tracking:ZoneInertia is 0; it must be between 1 and 100")]
    [InlineData("MatchIou", "Tracking:MatchIou is 0; it must be above 0 and at most 1")]
    [InlineData("MinHits", "Tracking:MinHits is 0; it must be between 1 and 100")]
    public void Each_bad_tracking_setting_is_named_with_its_range(string key, string message)
    {
        var options = new TrackerOptions();
        switch (key)
        {
            case "ReconnectWithin": options.ReconnectWithin = TimeSpan.FromSeconds(-1); break;
            case "StationaryAfter": options.StationaryAfter = TimeSpan.FromDays(2); break;
            case "ZoneInertia": options.ZoneInertia = 0; break;
            case "MatchIou": options.MatchIou = 0; break;
            case "MinHits": options.MinHits = 0; break;
        }
        var result = Validator.Validate(null, options);
        Assert.True(result.Failed);
        Assert.Equal(message, Assert.Single(result.Failures!));
    }

    [Fact]
    public void A_minimum_event_duration_out_of_range_is_named()
    {
        var result = Validator.Validate(null, new EventOptions { MinDuration = TimeSpan.FromHours(1) });
        Assert.Equal("Events:MinDuration is 01:00:00; it must be between 00:00:00 and 00:10:00", Assert.Single(result.Failures!));
    }

    [Fact]
    public void Event_retention_that_would_delete_everything_or_overflow_a_date_is_named()
    {
        var result = Validator.Validate(null, new EventOptions { MaxAge = TimeSpan.Zero, MaxPerCamera = 0, CheckInterval = TimeSpan.FromSeconds(-1) });
        Assert.Equal(
            ["Events:MaxAge must be more than 0 and at most 36500 days", "Events:MaxPerCamera must be 1 or more", "Events:CheckInterval must be positive"],
            result.Failures!);
        Assert.True(Validator.Validate(null, new EventOptions { MaxAge = TimeSpan.FromDays(36_500) }).Succeeded);
        Assert.True(Validator.Validate(null, new EventOptions { MaxAge = TimeSpan.FromDays(36_501) }).Failed);
    }
}
