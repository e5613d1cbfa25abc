namespace Orleans.Video.Inference.Tests;

/// <summary>Where the people of <c>vtest.avi</c> are on three frames (their centres, source pixels), labelled by eye; partly hidden people included.</summary>
internal static class VtestPeople
{
    public static readonly IReadOnlyDictionary<int, (int X, int Y)[]> Labelled = new Dictionary<int, (int X, int Y)[]>
    {
        [50] = [(386, 221), (418, 222), (446, 213), (525, 264), (567, 260), (692, 316)],
        [200] = [(93, 185), (235, 232), (502, 184), (688, 124), (712, 125), (635, 317), (724, 304)],
        [600] = [(198, 180), (580, 247), (689, 256), (656, 358), (472, 360), (305, 490)],
    };
}
