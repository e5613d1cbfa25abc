using OpenCvSharp;

namespace Orleans.Video.Inference;

/// <summary>
/// OpenCV's HOG + linear SVM people detector (<see cref="HOGDescriptor.GetDefaultPeopleDetector"/>, a 64x128 window)
/// over a multi-scale pyramid of the frame content's luma plane, optionally enlarged first so that people smaller
/// than the window are found. OpenCV groups overlapping hits (a group needs several) and reports each group's best
/// SVM value; the score is that value through a logistic, so the SVM's own boundary (0) is 0.5 and a clear person
/// (2 and more) is 0.88 and more.
/// </summary>
internal sealed class HogPeopleDetector : IFrameDetector
{
    /// <summary>The detection window of OpenCV's default people detector.</summary>
    public const int WindowWidth = 64;

    public const int WindowHeight = 128;

    // Dalal and Triggs trained the window with about 16 pixels of background around the person on every side
    // (64x128 around a ~32x96 person): the reported box is the person, not the window.
    private const float MarginX = 16f / WindowWidth;
    private const float MarginY = 16f / WindowHeight;

    // OpenCV's default grouping: a person is reported where more than two windows agree; lone hits are noise.
    private const int GroupThreshold = 2;

    private readonly HOGDescriptor _hog = new();
    private readonly Mat _enlarged = new();
    private readonly string _label;
    private readonly float _upscale;
    private readonly Size _winStride;
    private readonly double _scaleStep;
    private readonly float _scoreThreshold;
    private readonly float _iouThreshold;
    private readonly int _maxDetections;

    public HogPeopleDetector(ModelDefinition model, string label)
    {
        _hog.SetSVMDetector(HOGDescriptor.GetDefaultPeopleDetector());
        _label = label;
        _upscale = model.HogUpscale;
        _winStride = new Size(model.HogWinStride, model.HogWinStride);
        _scaleStep = model.HogScaleStep;
        _scoreThreshold = model.ScoreThreshold;
        _iouThreshold = model.IouThreshold;
        _maxDetections = model.MaxDetections;
        Input = $"luma plane of the {model.InputWidth}x{model.InputHeight} content" + (_upscale == 1 ? "" : $", enlarged x{_upscale}");
    }

    public string Input { get; }

    public string Output => $"people ({WindowWidth}x{WindowHeight} HOG window, stride {_winStride.Width}, pyramid step {_scaleStep})";

    public unsafe IReadOnlyList<Detection> Detect(ReadOnlySpan<byte> planes, Letterbox letterbox)
    {
        int width = letterbox.ContentWidth, height = letterbox.ContentHeight;
        int imageWidth = width, imageHeight = height;
        if (_upscale != 1)
        {
            imageWidth = (int)Math.Round(width * _upscale);
            imageHeight = (int)Math.Round(height * _upscale);
        }
        // OpenCV crashes the process on an image smaller than the window (seen with 4.13: segfault or abort).
        if (imageWidth < WindowWidth || imageHeight < WindowHeight)
        {
            return [];
        }
        Rect[] windows;
        double[] weights;
        fixed (byte* pixels = planes)
        {
            // HOG runs on the luma plane alone, read in place at the start of the I420 frame: one channel takes a
            // third of the gradient work of three (measured on vtest.avi: as many people found as on colour, in
            // about 25% less time).
            using var luma = Mat.FromPixelData(height, width, MatType.CV_8UC1, (IntPtr)pixels);
            var image = luma;
            if (_upscale != 1)
            {
                Cv2.Resize(luma, _enlarged, new Size(imageWidth, imageHeight), interpolation: InterpolationFlags.Linear);
                image = _enlarged;
            }
            // Hit threshold 0 (the SVM's boundary): the score threshold applies to each group's best value, after
            // grouping, so that it does not thin out the windows a group needs.
            windows = _hog.DetectMultiScale(image, out weights, 0, _winStride, new Size(0, 0), _scaleStep, GroupThreshold);
        }
        if (windows.Length == 0)
        {
            return [];
        }

        var toContentX = (float)width / imageWidth;
        var toContentY = (float)height / imageHeight;
        var candidates = new List<ScoredBox>(windows.Length);
        for (var i = 0; i < windows.Length; i++)
        {
            var score = 1f / (1f + MathF.Exp(-(float)weights[i]));
            if (score < _scoreThreshold)
            {
                continue;
            }
            var window = windows[i];
            var x = (window.X + window.Width * MarginX) * toContentX + letterbox.PadX;
            var y = (window.Y + window.Height * MarginY) * toContentY + letterbox.PadY;
            var w = window.Width * (1 - 2 * MarginX) * toContentX;
            var h = window.Height * (1 - 2 * MarginY) * toContentY;
            candidates.Add(new ScoredBox(new Box(x, y, w, h), score, 0));
        }
        var kept = Nms.Apply(candidates, _iouThreshold, _maxDetections);
        var detections = new List<Detection>(kept.Count);
        foreach (var person in kept)
        {
            var box = letterbox.ToSource(person.Box);
            if (box.Area > 0)
            {
                detections.Add(new Detection(_label, 0, person.Score, box));
            }
        }
        return detections;
    }

    public void Dispose()
    {
        _hog.Dispose();
        _enlarged.Dispose();
    }
}
