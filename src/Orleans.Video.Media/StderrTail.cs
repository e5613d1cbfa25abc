namespace Orleans.Video.Media;

/// <summary>The last lines ffmpeg wrote to stderr, kept so a failure can say what ffmpeg said.</summary>
public sealed class StderrTail(int capacity = 8)
{
    private readonly Queue<string> _lines = new();

    public void Add(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }
        lock (_lines)
        {
            if (_lines.Count == capacity)
            {
                _lines.Dequeue();
            }
            _lines.Enqueue(line.Trim());
        }
    }

    public override string ToString()
    {
        lock (_lines)
        {
            return string.Join(" | ", _lines);
        }
    }
}
