namespace Orleans.Video.Benchmarks.Tracking;

/// <summary>
/// The generated scenes of <c>./bench.sh --tracking</c>, in a 768x576 picture (vtest.avi's) with the demo's zone: each
/// one a situation that splits tracks or makes events flicker, with the truth to score it against.
/// </summary>
public static class TrackingScenes
{
    private const float PersonWidth = 40, PersonHeight = 100;

    /// <summary>The demo's "square" (run.sh), for people and cars.</summary>
    public static readonly Zone Square = new("square", [new(240, 260), new(560, 260), new(560, 576), new(240, 576)]);

    private static SceneObject Person(params (double T, float X, float Y)[] path) => new("person", PersonWidth, PersonHeight, path);

    public static IReadOnlyList<GeneratedScene> All { get; } =
    [
        new("edge", "a person walks down the zone's edge, 4 px inside, boxes jittering 4 px", 14, Square,
            [Person((0, 244, 300), (10, 244, 540), (13, 120, 560))], Jitter: 4),
        new("crossing", "two people cross, same height, opposite ways; the one behind is not seen while mostly hidden", 12, Square,
            [Person((0, 100, 400), (12, 700, 400)), Person((0, 700, 406), (12, 100, 406))], Occlusion: true),
        new("occluded", "a person walks behind a pillar in the zone for 1.8 s", 14, Square,
            [Person((0, 100, 450), (14, 700, 450)) with { Hidden = [(6.0, 7.8)] }]),
        new("pause", "a person walks in, stands for 6 s, walks out", 14, Square,
            [Person((0, 100, 350), (4, 400, 350), (10, 400, 350), (14, 700, 350))]),
        new("parked", "a car drives in, parks for 60 s (stationary after 30), drives off; the zone keeps stationary objects", 70,
            Square with { KeepStationary = true },
            [new("car", 120, 60, [(0, 50, 500), (4, 400, 500), (64, 400, 500), (68, 750, 500)])], ObjectEvents: 2),
        new("misses", "four people on straight paths, a quarter of detections missed at random", 16, Square,
            [Person((0, 80, 300), (14, 700, 320)), Person((1, 700, 420), (15, 60, 380)), Person((2, 400, 250), (16, 420, 576)),
             Person((0, 600, 560), (12, 150, 480))], MissRate: 0.25),
        new("crowd", "eight people on crossing paths, one detection in ten missed, the ones behind hidden", 30, Square,
            Crowd(8, seed: 7), MissRate: 0.1, Occlusion: true),
    ];

    /// <summary>People walking straight across the picture at 40 to 90 px/s, from one side to the other, at staggered times.</summary>
    private static SceneObject[] Crowd(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            var start = i * 1.5;
            var leftToRight = i % 2 == 0;
            var (y0, y1) = (random.Next(280, 570), random.Next(280, 570));
            var seconds = 700 / (40 + random.NextDouble() * 50);
            return Person((start, leftToRight ? 30 : 740, y0), (start + seconds, leftToRight ? 740 : 30, y1));
        }).ToArray();
    }
}
