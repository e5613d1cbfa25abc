namespace Orleans.Video.Inference;

/// <summary>
/// Decodes YOLO detector output: <see cref="ModelFormat.Yolo"/> (v8/v11, [N, 4 + C, A]),
/// <see cref="ModelFormat.YoloV5"/> ([N, A, 5 + C], score = objectness × class score) or <see cref="ModelFormat.Yolox"/>
/// (v5's layout with boxes relative to grid cells, <see cref="YoloxGrid"/>). Each anchor keeps its
/// best class; candidates at or above the score threshold go through class-aware <see cref="Nms"/>, then
/// boxes are mapped from model-input to source pixels.
/// </summary>
public sealed class YoloDecoder : IDetectionDecoder
{
    private readonly IReadOnlyList<string> _labels;
    private readonly YoloxGrid? _grid;

    /// <param name="grid">For <see cref="ModelFormat.Yolox"/>: the cells its rows are relative to.</param>
    public YoloDecoder(ModelFormat format, IReadOnlyList<string> labels, float scoreThreshold, float iouThreshold, int maxDetections, YoloxGrid? grid = null)
    {
        if (format is not (ModelFormat.Yolo or ModelFormat.YoloV5 or ModelFormat.Yolox))
        {
            throw new ArgumentException($"{format} is not a YOLO format", nameof(format));
        }
        if ((format == ModelFormat.Yolox) != (grid is not null))
        {
            throw new ArgumentException($"{ModelFormat.Yolox} output needs its grid, and only it has one", nameof(grid));
        }
        Format = format;
        _grid = grid;
        _labels = labels;
        ScoreThreshold = scoreThreshold;
        IouThreshold = iouThreshold;
        MaxDetections = maxDetections;
    }

    public static YoloDecoder For(ModelDefinition model, IReadOnlyList<string> labels) =>
        new(model.Format, labels, model.ScoreThreshold, model.IouThreshold, model.MaxDetections,
            model.Format == ModelFormat.Yolox ? YoloxGrid.For(model) : null);

    public ModelFormat Format { get; }

    public float ScoreThreshold { get; }

    public float IouThreshold { get; }

    public int MaxDetections { get; }

    public IReadOnlyList<Detection> Decode(ReadOnlySpan<float> output, ReadOnlySpan<long> shape, int item, Letterbox letterbox)
    {
        var kept = Nms.Apply(Candidates(output, shape, item), IouThreshold, MaxDetections);
        var detections = new List<Detection>(kept.Count);
        foreach (var candidate in kept)
        {
            var box = letterbox.ToSource(candidate.Box);
            // A box that lies wholly in the padding maps to nothing in the frame.
            if (box.Area > 0)
            {
                detections.Add(new Detection(Label(candidate.ClassId), candidate.ClassId, candidate.Score, box));
            }
        }
        return detections;
    }

    /// <summary>Every anchor of <paramref name="item"/> whose best score reaches the threshold, box in model-input pixels.</summary>
    public List<ScoredBox> Candidates(ReadOnlySpan<float> output, ReadOnlySpan<long> shape, int item)
    {
        if (shape.Length != 3)
        {
            throw new ArgumentException($"{Format} output must have 3 dimensions, got [{string.Join(",", shape.ToArray())}]", nameof(shape));
        }
        if (item < 0 || item >= shape[0])
        {
            throw new ArgumentOutOfRangeException(nameof(item), $"item {item} is outside the batch of {shape[0]}");
        }
        var itemLength = checked((int)(shape[1] * shape[2]));
        if (output.Length < (item + 1) * itemLength)
        {
            throw new ArgumentException($"output holds {output.Length} values, fewer than its shape [{string.Join(",", shape.ToArray())}] says", nameof(output));
        }
        var data = output.Slice(item * itemLength, itemLength);
        return Format == ModelFormat.Yolo
            ? CandidatesV8(data, (int)shape[1], (int)shape[2])
            : CandidatesV5(data, (int)shape[1], (int)shape[2]);
    }

    private List<ScoredBox> CandidatesV8(ReadOnlySpan<float> data, int rows, int anchors)
    {
        var classes = rows - 4;
        if (classes < 1)
        {
            throw new ArgumentException($"YOLOv8 output needs 4 + classes rows, got {rows}");
        }
        var candidates = new List<ScoredBox>();
        for (var a = 0; a < anchors; a++)
        {
            var bestClass = 0;
            var bestScore = data[4 * anchors + a];
            for (var c = 1; c < classes; c++)
            {
                var score = data[(4 + c) * anchors + a];
                if (score > bestScore)
                {
                    bestScore = score;
                    bestClass = c;
                }
            }
            if (bestScore >= ScoreThreshold)
            {
                candidates.Add(new ScoredBox(
                    CenterBox(data[a], data[anchors + a], data[2 * anchors + a], data[3 * anchors + a]), bestScore, bestClass));
            }
        }
        return candidates;
    }

    private List<ScoredBox> CandidatesV5(ReadOnlySpan<float> data, int anchors, int width)
    {
        var classes = width - 5;
        if (classes < 1)
        {
            throw new ArgumentException($"{Format} output needs 5 + classes values per anchor, got {width}");
        }
        if (_grid is not null && anchors != _grid.Cells)
        {
            throw new ArgumentException($"{Format} output has {anchors} rows, but its grid has {_grid.Cells} cells");
        }
        var candidates = new List<ScoredBox>();
        for (var a = 0; a < anchors; a++)
        {
            var row = data.Slice(a * width, width);
            var objectness = row[4];
            // score = objectness × class score ≤ objectness: skip the class loop for hopeless anchors.
            if (objectness < ScoreThreshold)
            {
                continue;
            }
            var bestClass = 0;
            var bestClassScore = row[5];
            for (var c = 1; c < classes; c++)
            {
                if (row[5 + c] > bestClassScore)
                {
                    bestClassScore = row[5 + c];
                    bestClass = c;
                }
            }
            var score = objectness * bestClassScore;
            if (score >= ScoreThreshold)
            {
                var box = _grid is null ? CenterBox(row[0], row[1], row[2], row[3]) : _grid.Decode(a, row[0], row[1], row[2], row[3]);
                candidates.Add(new ScoredBox(box, score, bestClass));
            }
        }
        return candidates;
    }

    private static Box CenterBox(float cx, float cy, float w, float h) => new(cx - w / 2, cy - h / 2, w, h);

    private string Label(int classId) => classId < _labels.Count ? _labels[classId] : $"class{classId}";
}
