using System.Diagnostics;

namespace Orleans.Video.IntegrationTests.Support;

/// <summary>Clips generated with ffmpeg's lavfi sources, and bad inputs, in a temporary folder.</summary>
public sealed class TestClips : IDisposable
{
    public const int Width = 1280;
    public const int Height = 720;
    public const int Fps = 25;
    public const int BoxSize = 100;
    public const int FrameCount = 75;

    public TestClips()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("orleans-video-clips-").FullName;
        MovingBox = Path.Combine(Directory, "moving-box.mp4");
        // A white square on black whose top-left corner moves on a known path: see ExpectedBox. In this
        // graph overlay numbers the first frame 1 (measured on Debian's ffmpeg 5.1), hence n-1.
        Ffmpeg($"-f lavfi -i color=c=black:s={Width}x{Height}:r={Fps}:d={FrameCount / Fps} " +
               $"-f lavfi -i color=c=white:s={BoxSize}x{BoxSize}:r={Fps} " +
               $"-filter_complex \"[0][1]overlay=x='100+8*(n-1)':y='100+4*(n-1)':shortest=1\" " +
               $"-c:v libx264 -preset veryfast -crf 18 -pix_fmt yuv420p -g {Fps} \"{MovingBox}\"");

        NotVideo = Path.Combine(Directory, "notes.mp4");
        File.WriteAllText(NotVideo, "This is a text file with a video file's name.\n");

        // The start of a real MP4 followed by garbage: a container ffmpeg recognises, with nothing decodable in it.
        Corrupt = Path.Combine(Directory, "corrupt.mp4");
        var bytes = File.ReadAllBytes(MovingBox);
        var random = new Random(42);
        var corrupt = new byte[bytes.Length];
        Array.Copy(bytes, corrupt, 64);
        random.NextBytes(corrupt.AsSpan(64));
        File.WriteAllBytes(Corrupt, corrupt);
    }

    public string Directory { get; }

    /// <summary>Length of <see cref="Visit"/>, and when its square is in the picture (seconds).</summary>
    public const int VisitSeconds = 12;
    public static readonly (double From, double To) VisitShown = (1, 9);

    /// <summary>
    /// 640x360 at 25 fps, a keyframe every second: a white square enters at 1 s, crosses the picture and is gone at 9 s,
    /// so a job cut into chunks of a few seconds sees it cross several chunk borders.
    /// </summary>
    public string Visit => (_visitClip ??= new Lazy<string>(() =>
    {
        var path = Path.Combine(Directory, "visit.mp4");
        Ffmpeg($"-f lavfi -i color=c=black:s=640x360:r={Fps}:d={VisitSeconds} -f lavfi -i color=c=white:s=80x80:r={Fps} " +
               $"-filter_complex \"[0][1]overlay=x='20+50*t':y='100+10*t':enable='between(t,{VisitShown.From},{VisitShown.To})':shortest=1\" " +
               $"-c:v libx264 -preset veryfast -crf 18 -pix_fmt yuv420p -g {Fps} -keyint_min {Fps} -sc_threshold 0 \"{path}\"");
        return path;
    })).Value;

    private Lazy<string>? _visitClip;

    /// <summary>Length of <see cref="Rounds"/> (seconds).</summary>
    public const int RoundsSeconds = 120;

    /// <summary>
    /// 640x360 at 25 fps for two minutes, a keyframe every second: a white square crosses the picture every 12 s, gone
    /// for 2 s between crossings. Long enough for a job to be mid-way when a test kills a silo.
    /// </summary>
    public string Rounds => (_roundsClip ??= new Lazy<string>(() =>
    {
        var path = Path.Combine(Directory, "rounds.mp4");
        Ffmpeg($"-f lavfi -i color=c=black:s=640x360:r={Fps}:d={RoundsSeconds} -f lavfi -i color=c=white:s=80x80:r={Fps} " +
               $"-filter_complex \"[0][1]overlay=x='50*mod(t,12)':y='100+10*mod(t,12)':enable='lt(mod(t,12),10)':shortest=1\" " +
               $"-c:v libx264 -preset veryfast -crf 18 -pix_fmt yuv420p -g {Fps} -keyint_min {Fps} -sc_threshold 0 \"{path}\"");
        return path;
    })).Value;

    private Lazy<string>? _roundsClip;

    /// <summary>
    /// A 20 s clip, black but for a white box walking right (10 px a frame) at 4-6 s and again at 14-16 s: two objects
    /// that each last long enough to be worth an event (Events:MinDuration, 1 s).
    /// </summary>
    public string TwoVisits => (_twoVisitsClip ??= new Lazy<string>(() =>
    {
        var path = Path.Combine(Directory, "two-visits.mp4");
        Ffmpeg($"-f lavfi -i color=c=black:s={Width}x{Height}:r={Fps}:d=20 " +
               $"-f lavfi -i color=c=white:s={BoxSize}x{BoxSize}:r={Fps} " +
               $"-filter_complex \"[0][1]overlay=x='200+10*mod(n\\,50)':y='300':shortest=1:enable='between(t\\,4\\,5.96)+between(t\\,14\\,15.96)'\" " +
               $"-c:v libx264 -preset veryfast -crf 18 -pix_fmt yuv420p -g {Fps} \"{path}\"");
        return path;
    })).Value;

    private Lazy<string>? _twoVisitsClip;

    /// <summary>Seconds during which <see cref="MostlyStatic"/> shows a moving box; black and still otherwise.</summary>
    public static readonly (double From, double To)[] StaticClipEpisodes = [(4, 5), (14, 15)];

    /// <summary>A 20 s clip, still except for two one-second episodes of a moving white box (generated on first use).</summary>
    public string MostlyStatic => _mostlyStatic.Value;

    private Lazy<string> _mostlyStatic => _mostlyStaticClip ??= new Lazy<string>(() =>
    {
        var path = Path.Combine(Directory, "mostly-static.mp4");
        var enable = string.Join('+', StaticClipEpisodes.Select(e => $"between(t\\,{e.From}\\,{e.To - 0.04})"));
        Ffmpeg($"-f lavfi -i color=c=black:s={Width}x{Height}:r={Fps}:d=20 " +
               $"-f lavfi -i color=c=white:s={BoxSize}x{BoxSize}:r={Fps} " +
               $"-filter_complex \"[0][1]overlay=x='200+20*mod(n\\,25)':y='300':shortest=1:enable='{enable}'\" " +
               $"-c:v libx264 -preset veryfast -crf 18 -pix_fmt yuv420p -g {Fps} \"{path}\"");
        return path;
    });

    private Lazy<string>? _mostlyStaticClip;

    /// <summary>
    /// A 12 s clip: the box walks right at y 300 from x 300 (100 px/s for 2 s), stands still at x 500 for 4 s,
    /// walks on at 100 px/s, and is gone from 8 s.
    /// </summary>
    public string Crossing => (_crossingClip ??= new Lazy<string>(() =>
    {
        var path = Path.Combine(Directory, "crossing.mp4");
        Ffmpeg($"-f lavfi -i color=c=black:s={Width}x{Height}:r={Fps}:d=12 " +
               $"-f lavfi -i color=c=white:s={BoxSize}x{BoxSize}:r={Fps} " +
               $"-filter_complex \"[0][1]overlay=x='if(lt(t\\,2)\\,300+100*t\\,if(lt(t\\,6)\\,500\\,500+100*(t-6)))':y=300:shortest=1:enable='lt(t\\,8)'\" " +
               $"-c:v libx264 -preset veryfast -crf 18 -pix_fmt yuv420p -g {Fps} \"{path}\"");
        return path;
    })).Value;

    private Lazy<string>? _crossingClip;

    /// <summary>Debian's opencv-doc package ships OpenCV's sample footage; setup.sh installs it.</summary>
    public const string Vtest = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

    /// <summary>The first 24 s of <see cref="Vtest"/> (768x576, 10 fps, pedestrians on a square), cut on first use.</summary>
    public string People => (_peopleClip ??= new Lazy<string>(() =>
    {
        if (!File.Exists(Vtest))
        {
            throw new InvalidOperationException($"{Vtest} is missing: install Debian's opencv-doc package (deploy/setup.sh does)");
        }
        var path = Path.Combine(Directory, "people.mp4");
        Ffmpeg($"-i \"{Vtest}\" -t 24 -c:v libx264 -preset veryfast -crf 20 -pix_fmt yuv420p -g 10 \"{path}\"");
        return path;
    })).Value;

    private Lazy<string>? _peopleClip;

    /// <summary>The whole picture as a zone: the moving box is in it from its first frame, so its events are open while it moves.</summary>
    public static readonly Zone WholeFrame = new("everywhere", [new(0, 0), new(Width, 0), new(Width, Height), new(0, Height)]);

    /// <summary>Where the word of <see cref="Text"/> is, in source pixels (measured from ffmpeg's drawtext layout).</summary>
    public static readonly Box TextLine = new(180, 270, 920, 180);

    /// <summary>
    /// 4 s of one still line of black text on white, inside <see cref="TextLine"/>: what a trained text detector
    /// (PaddleOCR's) must find, and nothing else.
    /// </summary>
    public string Text => (_textClip ??= new Lazy<string>(() =>
    {
        const string font = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
        var path = Path.Combine(Directory, "text.mp4");
        Ffmpeg($"-f lavfi -i color=c=white:s={Width}x{Height}:r={Fps}:d=4 " +
               $"-vf \"drawtext=fontfile={font}:text='GATE 42 OPEN':fontsize=96:fontcolor=black:x=(w-tw)/2:y=(h-th)/2\" " +
               $"-c:v libx264 -preset veryfast -crf 18 -pix_fmt yuv420p -g {Fps} \"{path}\"");
        return path;
    })).Value;

    private Lazy<string>? _textClip;

    /// <summary>
    /// 10 s of noise at about 8 Mbit/s (1 MB a second): a recording of it fills a small volume in seconds, where the
    /// other clips' few kilobytes a second would take hours.
    /// </summary>
    public string Heavy => (_heavyClip ??= new Lazy<string>(() =>
    {
        var path = Path.Combine(Directory, "heavy.mp4");
        Ffmpeg($"-f lavfi -i testsrc2=s={Width}x{Height}:r={Fps}:d=10 -vf noise=alls=40:allf=t " +
               $"-c:v libx264 -preset ultrafast -b:v 8M -maxrate 8M -bufsize 4M -pix_fmt yuv420p -g {Fps} \"{path}\"");
        return path;
    })).Value;

    private Lazy<string>? _heavyClip;
    public string MovingBox { get; }
    public string NotVideo { get; }
    public string Corrupt { get; }

    /// <summary>Where the moving box is in source frame <paramref name="frame"/> of <see cref="MovingBox"/>.</summary>
    public static Box ExpectedBox(long frame) => new(100 + 8 * frame, 100 + 4 * frame, BoxSize, BoxSize);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    public static void Ffmpeg(string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("ffmpeg", $"-loglevel error -y {arguments}")
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed: {error}");
        }
    }
}
