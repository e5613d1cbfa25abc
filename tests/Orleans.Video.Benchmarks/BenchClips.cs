using System.Diagnostics;

namespace Orleans.Video.Benchmarks;

/// <summary>The clips every run uses, generated with ffmpeg's lavfi sources (reproducible, nothing downloaded).</summary>
public static class BenchClips
{
    /// <summary>1280x720, 25 fps, H.264, 20 s: a white square moving over a dark noisy background.</summary>
    public static string Moving(string directory) => Generate(Path.Combine(directory, "moving-720p.mp4"), MovingSquare);

    /// <summary>1280x720, 25 fps, 20 s: still except two one-second episodes of a moving square (the motion gate's case).</summary>
    public static string MostlyStatic(string directory) => Generate(Path.Combine(directory, "static-720p.mp4"),
        "-f lavfi -i color=c=0x101018:s=1280x720:r=25:d=20 -f lavfi -i color=c=white:s=160x160:r=25 " +
        "-filter_complex \"[0][1]overlay=x='200+20*mod(n\\,25)':y=300:shortest=1:enable='between(t\\,4\\,4.96)+between(t\\,14\\,14.96)'\"");

    /// <summary>640x360, 25 fps, 20 s: a white square moving over a plain background, as the demo's cameras show (cheap to decode).</summary>
    public static string MovingSmall(string directory) => Generate(Path.Combine(directory, "moving-360p.mp4"),
        "-f lavfi -i color=c=0x101018:s=640x360:r=25:d=20 -f lavfi -i color=c=white:s=80x80:r=25 " +
        "-filter_complex \"[0][1]overlay=x='40+mod(3*n\\,500)':y='100+75*sin(n/25)':shortest=1\"");

    /// <summary>320x180, 5 fps, 20 s: the same scene, for a hundred cameras on two cores (the cold-start case measures placement, not decoding).</summary>
    public static string MovingTiny(string directory) => Generate(Path.Combine(directory, "moving-180p-5fps.mp4"),
        "-f lavfi -i color=c=0x101018:s=320x180:r=5:d=20 -f lavfi -i color=c=white:s=40x40:r=5 " +
        "-filter_complex \"[0][1]overlay=x='20+mod(15*n\\,250)':y='50+37*sin(n/5)':shortest=1\"");

    /// <summary>How long every clip is.</summary>
    public const double Seconds = 20;

    /// <summary>As <see cref="Moving"/>, with a keyframe every second (-g 25) as many cameras send: the keyframes-only case.</summary>
    public static string MovingKeyframeEverySecond(string directory) =>
        Generate(Path.Combine(directory, "moving-720p-g25.mp4"), MovingSquare, keyframeInterval: 25);

    /// <summary>1280x720, 25 fps, H.264, <paramref name="seconds"/> long: the moving square over noise, for jobs (a long export).</summary>
    public static string Long(string directory, int seconds) => Generate(Path.Combine(directory, $"moving-720p-{seconds}s.mp4"),
        MovingSquare.Replace(":d=20", $":d={seconds}", StringComparison.Ordinal));

    private const string MovingSquare =
        "-f lavfi -i color=c=0x101018:s=1280x720:r=25:d=20 -f lavfi -i color=c=white:s=160x160:r=25 " +
        "-filter_complex \"[0]noise=alls=6:allf=t[bg];[bg][1]overlay=x='80+mod(6*n\\,1000)':y='200+150*sin(n/25)':shortest=1\"";

    private static string Generate(string path, string input, int keyframeInterval = 50)
    {
        if (File.Exists(path))
        {
            return path;
        }
        using var process = Process.Start(new ProcessStartInfo("ffmpeg",
            $"-loglevel error -y {input} -c:v libx264 -preset veryfast -crf 20 -pix_fmt yuv420p -g {keyframeInterval} \"{path}.tmp.mp4\"")
        {
            UseShellExecute = false,
        })!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg could not generate {path}");
        }
        File.Move($"{path}.tmp.mp4", path);
        return path;
    }
}
