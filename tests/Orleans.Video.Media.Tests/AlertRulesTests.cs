namespace Orleans.Video.Media.Tests;

/// <summary>Which events are alerts in review, and the rules a camera may give for it.</summary>
public sealed class AlertRulesTests
{
    private static readonly List<Zone> Door = [new("door", [new(0, 0), new(10, 0), new(10, 10)])];

    [Fact]
    public void Without_rules_events_in_a_zone_alert_and_the_others_do_not()
    {
        Assert.True(AlertRules.IsAlert(null, "person", "door"));
        Assert.False(AlertRules.IsAlert(null, "person", null));
    }

    [Fact]
    public void Rules_alert_on_their_labels_anywhere_and_on_anything_in_their_zones_ignoring_case()
    {
        var rules = new AlertRules(Labels: ["Person"], Zones: ["Door"]);
        Assert.True(AlertRules.IsAlert(rules, "person", null));
        Assert.True(AlertRules.IsAlert(rules, "car", "door"));
        Assert.False(AlertRules.IsAlert(rules, "car", "yard"));
        Assert.False(AlertRules.IsAlert(rules, "car", null));
        // Rules that name nothing alert on nothing: a camera whose events are all detections.
        Assert.False(AlertRules.IsAlert(new AlertRules([], []), "person", "door"));
    }

    [Fact]
    public void Alert_zones_must_be_the_cameras_own_and_labels_names()
    {
        var config = new CameraConfig("/videos/gate.mp4", 5, "objects", Zones: Door, Alerts: new AlertRules(["person", ""], ["door", "yard"]));
        var errors = CameraConfigValidator.Validate(config);
        Assert.Contains(errors, e => e.StartsWith("alerts.labels[1] must be a non-empty name", StringComparison.Ordinal));
        Assert.Contains("alerts.zones[1]: 'yard' is not one of the camera's zones (door)", errors);
        Assert.DoesNotContain(errors, e => e.Contains("alerts.zones[0]", StringComparison.Ordinal));
    }

    [Fact]
    public void Alert_labels_the_model_does_not_give_are_named_with_the_models_labels()
    {
        var errors = TrackedLabels.Errors("objects", ["person", "car"], null, null, new AlertRules(["person", "dgo"]));
        Assert.Equal(["alerts.labels[1]: 'dgo' is not a label of model 'objects'", "model 'objects' has the labels: person, car"], errors);
    }

    [Fact]
    public void Rules_compare_by_value_so_configuring_the_same_rules_is_no_change()
    {
        var a = new CameraConfig("/videos/gate.mp4", 5, "objects", Alerts: new AlertRules(["person"], null));
        var b = new CameraConfig("/videos/gate.mp4", 5, "objects", Alerts: new AlertRules(["person"], []));
        var c = a with { Alerts = new AlertRules(["car"]) };
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }
}
