using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Video.Media.Tests;

/// <summary>What to track, the way operators say it: labels, per-label thresholds, the default, and what is refused.</summary>
public sealed class DetectionFilterTests
{
    private static readonly string[] CocoLike = ["person", "bicycle", "car", "truck", "dog"];

    private static Detection Found(string label, float score, float width, float height) => new(label, 0, score, new Box(0, 0, width, height));

    [Fact]
    public void A_label_has_its_own_minimum_score_and_area_range_and_other_labels_keep_the_filters()
    {
        var filter = new DetectionFilter(["person"], MinScore: 0.3f,
            PerLabel: new() { ["car"] = new LabelFilter(MinScore: 0.6f, MinArea: 400, MaxArea: 10_000) });

        Assert.True(filter.Keeps(Found("person", 0.35f, 5, 5)));      // the filter's 0.3; no area rule for person
        Assert.True(filter.Keeps(Found("Person", 0.35f, 500, 500)));  // labels ignore case; no maximum for person
        Assert.False(filter.Keeps(Found("person", 0.25f, 50, 50)));
        Assert.False(filter.Keeps(Found("car", 0.5f, 50, 50)));       // car's own 0.6
        Assert.True(filter.Keeps(Found("car", 0.7f, 20, 20)));        // 400 px: car's minimum, inclusive
        Assert.False(filter.Keeps(Found("car", 0.7f, 19, 20)));
        Assert.True(filter.Keeps(Found("CAR", 0.7f, 100, 100)));      // 10,000 px: car's maximum, inclusive
        Assert.False(filter.Keeps(Found("car", 0.7f, 200, 100)));
        Assert.False(filter.Keeps(Found("dog", 0.99f, 50, 50)));      // named nowhere: not tracked
    }

    [Fact]
    public void What_a_label_leaves_out_is_the_filters()
    {
        var filter = new DetectionFilter(null, MinScore: 0.5f, MinArea: 100, MaxArea: 1_000,
            PerLabel: new() { ["truck"] = new LabelFilter(MaxArea: 50_000), ["car"] = new LabelFilter(MinScore: 0.2f) });

        Assert.True(filter.Keeps(Found("truck", 0.6f, 200, 200)));    // its own maximum: 40,000 px kept
        Assert.False(filter.Keeps(Found("truck", 0.4f, 200, 200)));   // the filter's 0.5
        Assert.False(filter.Keeps(Found("truck", 0.6f, 5, 5)));       // the filter's 100 px minimum
        Assert.True(filter.Keeps(Found("car", 0.25f, 20, 20)));
        Assert.False(filter.Keeps(Found("car", 0.25f, 200, 200)));    // the filter's 1,000 px maximum
        // Labels named only in perLabel are the ones tracked.
        Assert.False(filter.Keeps(Found("person", 0.9f, 20, 20)));
    }

    [Fact]
    public void A_maximum_area_drops_boxes_larger_than_it_for_every_label()
    {
        var filter = new DetectionFilter(MaxArea: 2_500);
        Detection[] detections = [Found("person", 0.9f, 50, 50), Found("car", 0.9f, 51, 50), Found("dog", 0.9f, 10, 10)];
        Assert.Equal([detections[0], detections[2]], filter.Apply(detections));
    }

    [Fact]
    public void A_camera_naming_no_labels_tracks_person_when_its_model_has_it_and_every_label_otherwise()
    {
        var people = TrackedLabels.Resolve(null, CocoLike)!;
        Assert.Equal(["person"], people.Labels!);
        Assert.True(people.Keeps(Found("person", 0.1f, 1, 1)));
        Assert.False(people.Keeps(Found("car", 0.9f, 50, 50)));

        // Thresholds without labels keep their values and get the default label.
        var scored = TrackedLabels.Resolve(new DetectionFilter(MinScore: 0.5f, MaxArea: 900), ["Person", "car"])!;
        Assert.Equal(new DetectionFilter(["Person"], 0.5f, MaxArea: 900), scored);

        // Named labels, in either list, are what is tracked: no default added.
        var cars = new DetectionFilter(["car"]);
        Assert.Same(cars, TrackedLabels.Resolve(cars, CocoLike));
        var trucks = new DetectionFilter(PerLabel: new() { ["truck"] = new LabelFilter(MinScore: 0.4f) });
        Assert.Same(trucks, TrackedLabels.Resolve(trucks, CocoLike));

        // The single-purpose models (shapes, text, faces) and models of unknown labels keep everything they find.
        Assert.Null(TrackedLabels.Resolve(null, ["object", "other"]));
        Assert.Null(TrackedLabels.Resolve(null, []));
        var minimum = new DetectionFilter(MinScore: 0.2f);
        Assert.Same(minimum, TrackedLabels.Resolve(minimum, ["text"]));
        Assert.True(minimum.Keeps(Found("text", 0.3f, 10, 10)));
    }

    [Fact]
    public void Labels_the_model_does_not_give_are_refused_by_key_with_the_models_labels()
    {
        var filter = new DetectionFilter(["Person", "cat"], PerLabel: new() { ["car"] = new LabelFilter(0.5f), ["lorry"] = new LabelFilter(0.5f) });
        Zone[] zones =
        [
            new("door", [new(0, 0), new(10, 0), new(0, 10)], ["person"]),
            new("yard", [new(0, 0), new(10, 0), new(0, 10)], ["dog", "horse"]),
        ];

        var errors = TrackedLabels.Errors("objects", CocoLike, filter, zones);

        Assert.Equal(
        [
            "filter.labels[1]: 'cat' is not a label of model 'objects'",
            "filter.perLabel.lorry: 'lorry' is not a label of model 'objects'",
            "zones[1].labels[1]: 'horse' is not a label of model 'objects'",
            "model 'objects' has the labels: person, bicycle, car, truck, dog",
        ], errors);
        Assert.Empty(TrackedLabels.Errors("objects", CocoLike, new DetectionFilter(["PERSON", "car"]), zones[..1]));
        // A model file without a label list: any names go.
        Assert.Empty(TrackedLabels.Errors("custom", [], filter, zones));
    }

    public static TheoryData<DetectionFilter, string> BadFilters => new()
    {
        { new DetectionFilter(MinScore: -0.1f), "filter.minScore must be in [0, 1]" },
        { new DetectionFilter(MaxArea: float.NaN), "filter.maxArea must be a number of pixels, more than 0" },
        { new DetectionFilter(MaxArea: 0), "filter.maxArea must be a number of pixels, more than 0" },
        { new DetectionFilter(MinArea: 200, MaxArea: 100), "filter.maxArea (100) must be at least filter.minArea (200)" },
        { new DetectionFilter(["person", " "]), "filter.labels[1] must be a non-empty name of at most 64 characters" },
        { PerCar(new LabelFilter(MinScore: 1.5f)), "filter.perLabel.car.minScore must be in [0, 1]" },
        { PerCar(new LabelFilter(MinScore: float.NaN)), "filter.perLabel.car.minScore must be in [0, 1]" },
        { PerCar(new LabelFilter(MinArea: -1)), "filter.perLabel.car.minArea must be a number of pixels, 0 or more" },
        { PerCar(new LabelFilter(MaxArea: float.PositiveInfinity)), "filter.perLabel.car.maxArea must be a number of pixels, more than 0" },
        { PerCar(new LabelFilter(MinArea: 500, MaxArea: 400)), "filter.perLabel.car.maxArea (400) must be at least filter.perLabel.car.minArea (500)" },
        { PerCar(new LabelFilter(MaxArea: 400)) with { MinArea = 500 }, "filter.perLabel.car.maxArea (400) must be at least filter.minArea (500)" },
        { PerCar(new LabelFilter(MinArea: 500)) with { MaxArea = 400.5f }, "filter.maxArea (400.5) must be at least filter.perLabel.car.minArea (500)" },
        { PerCar(null!), "filter.perLabel.car must be an object such as {\"minScore\": 0.5, \"minArea\": 400, \"maxArea\": 200000}" },
        { new DetectionFilter(PerLabel: new() { ["Car"] = new LabelFilter(0.5f), ["car"] = new LabelFilter(0.6f) }), "filter.perLabel.car: the label is given twice (labels ignore case)" },
        { new DetectionFilter(PerLabel: new() { [""] = new LabelFilter(0.5f) }), "filter.perLabel: each key must be a label, a non-empty name of at most 64 characters" },
    };

    [Theory]
    [MemberData(nameof(BadFilters))]
    public void Bad_values_are_refused_naming_the_key(DetectionFilter filter, string error)
    {
        Assert.Equal([error], CameraConfigValidator.Validate(new CameraConfig("/a.mp4", 5, "objects", Filter: filter)));
        Assert.Equal([error], new JobOptions("objects", Filter: filter).Validate());
    }

    [Fact]
    public void A_filter_with_every_field_in_range_is_accepted()
    {
        var filter = new DetectionFilter(["person"], 0.4f, 100, 200_000, new()
        {
            ["car"] = new LabelFilter(0.5f, 400, 200_000),
            ["truck"] = new LabelFilter(MinArea: 150_000), // under the filter's maximum
            ["dog"] = new LabelFilter(MaxArea: 100),       // the filter's minimum, exactly
        });
        Assert.Empty(CameraConfigValidator.Validate(new CameraConfig("/a.mp4", 5, "objects", Filter: filter)));
    }

    [Fact]
    public void Filters_written_before_per_label_rules_read_as_before_and_the_new_fields_read_by_hand_written_names()
    {
        // As the HTTP API reads bodies: web names, unknown fields refused.
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

        var old = JsonSerializer.Deserialize<DetectionFilter>("""{"labels":["person"],"minScore":0.5,"minArea":100}""", json);
        Assert.Equal(new DetectionFilter(["person"], 0.5f, 100), old);
        Assert.Null(old!.MaxArea);
        Assert.Null(old.PerLabel);

        var written = JsonSerializer.Deserialize<DetectionFilter>(
            """{"labels":["person"],"maxArea":90000,"perLabel":{"car":{"minScore":0.5,"minArea":400,"maxArea":200000},"dog":{"minScore":0.7}}}""", json);
        Assert.Equal(new DetectionFilter(["person"], MaxArea: 90_000, PerLabel: new()
        {
            ["car"] = new LabelFilter(0.5f, 400, 200_000),
            ["dog"] = new LabelFilter(0.7f),
        }), written);
        Assert.Equal(["person", "car", "dog"], written!.NamedLabels());
    }

    [Fact]
    public void Filters_compare_per_label_rules_by_value_so_reconfiguring_with_the_same_restarts_nothing()
    {
        DetectionFilter Make(float carScore) => new(["person"], PerLabel: new() { ["car"] = new LabelFilter(carScore, 400) });
        Assert.Equal(Make(0.5f), Make(0.5f));
        Assert.NotEqual(Make(0.5f), Make(0.6f));
        Assert.NotEqual(Make(0.5f), Make(0.5f) with { MaxArea = 10 });
        Assert.Equal(new DetectionFilter(PerLabel: []), new DetectionFilter());
    }

    private static DetectionFilter PerCar(LabelFilter rule) => new(PerLabel: new() { ["car"] = rule });
}
