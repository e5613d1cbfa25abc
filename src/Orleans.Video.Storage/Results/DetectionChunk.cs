using System.Text;

namespace Orleans.Video.Storage.Results;

/// <summary>One stored frame: what a chunk holds for each frame that found something.</summary>
public sealed record StoredFrame(long Sequence, DateTimeOffset Timestamp, Detection[] Detections);

/// <summary>
/// A run of one camera's frames stored as one row of <c>video_detections</c>: the frames a detection log gathered
/// between two writes (about a second's), at most <see cref="MaxSpan"/> from first to last. One row a second
/// instead of one a frame is what keeps PostgreSQL's WAL per camera small: a row and its index entries cost the
/// same whether they hold one frame or five.
/// </summary>
/// <remarks>
/// The bytes: a version byte, the chunk's distinct labels, the first frame's time (UTC ticks), then per frame its
/// sequence, its time after the first (ticks), and per detection its label's index, class id, score and box.
/// About 25 bytes a detection and 12 a frame; a format of the project's that a serializer upgrade cannot change.
/// </remarks>
public static class DetectionChunk
{
    /// <summary>The longest a chunk spans: queries resuming at a time look this far past it for chunks that reach back.</summary>
    public static readonly TimeSpan MaxSpan = TimeSpan.FromSeconds(10);

    private const byte Version = 1;

    /// <summary>Frames with detections, oldest first, cut into chunks of at most <see cref="MaxSpan"/>.</summary>
    public static List<StoredFrame[]> Split(IEnumerable<StoredFrame> frames)
    {
        var chunks = new List<StoredFrame[]>();
        var current = new List<StoredFrame>();
        foreach (var frame in frames.Where(frame => frame.Detections.Length > 0).OrderBy(frame => frame.Timestamp).ThenBy(frame => frame.Sequence))
        {
            if (current.Count > 0 && frame.Timestamp - current[0].Timestamp > MaxSpan)
            {
                chunks.Add([.. current]);
                current.Clear();
            }
            current.Add(frame);
        }
        if (current.Count > 0)
        {
            chunks.Add([.. current]);
        }
        return chunks;
    }

    /// <param name="frames">Oldest first, as <see cref="Split"/> makes them.</param>
    public static byte[] Encode(IReadOnlyList<StoredFrame> frames)
    {
        var labels = frames.SelectMany(frame => frame.Detections).Select(d => d.Label).Distinct(StringComparer.Ordinal).ToList();
        using var buffer = new MemoryStream(16 + frames.Count * 40);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write7BitEncodedInt(labels.Count);
            labels.ForEach(writer.Write);
            var first = frames[0].Timestamp.UtcTicks;
            writer.Write(first);
            writer.Write7BitEncodedInt(frames.Count);
            foreach (var frame in frames)
            {
                writer.Write(frame.Sequence);
                writer.Write7BitEncodedInt64(frame.Timestamp.UtcTicks - first);
                writer.Write7BitEncodedInt(frame.Detections.Length);
                foreach (var detection in frame.Detections)
                {
                    writer.Write7BitEncodedInt(labels.IndexOf(detection.Label));
                    writer.Write7BitEncodedInt(detection.ClassId);
                    writer.Write(detection.Score);
                    writer.Write(detection.Box.X);
                    writer.Write(detection.Box.Y);
                    writer.Write(detection.Box.Width);
                    writer.Write(detection.Box.Height);
                }
            }
        }
        return buffer.ToArray();
    }

    /// <exception cref="InvalidDataException">The bytes are not in this format.</exception>
    public static StoredFrame[] Decode(byte[] bytes)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
            if (reader.ReadByte() != Version)
            {
                throw new InvalidDataException($"stored detections have format {bytes[0]}, this silo reads {Version}");
            }
            var labels = new string[reader.Read7BitEncodedInt()];
            for (var i = 0; i < labels.Length; i++)
            {
                labels[i] = reader.ReadString();
            }
            var first = reader.ReadInt64();
            var frames = new StoredFrame[reader.Read7BitEncodedInt()];
            for (var f = 0; f < frames.Length; f++)
            {
                var sequence = reader.ReadInt64();
                var time = new DateTimeOffset(first + reader.Read7BitEncodedInt64(), TimeSpan.Zero);
                var detections = new Detection[reader.Read7BitEncodedInt()];
                for (var i = 0; i < detections.Length; i++)
                {
                    var label = labels[reader.Read7BitEncodedInt()];
                    var classId = reader.Read7BitEncodedInt();
                    var score = reader.ReadSingle();
                    detections[i] = new Detection(label, classId, score, new Box(reader.ReadSingle(), reader.ReadSingle(), reader.ReadSingle(), reader.ReadSingle()));
                }
                frames[f] = new StoredFrame(sequence, time, detections);
            }
            return frames;
        }
        catch (Exception e) when (e is EndOfStreamException or IndexOutOfRangeException or FormatException or ArgumentOutOfRangeException)
        {
            throw new InvalidDataException("stored detections are truncated or corrupt", e);
        }
    }

    /// <summary>The chunk's distinct labels, lower-cased, as label queries match them.</summary>
    public static string[] Labels(IEnumerable<StoredFrame> frames) =>
        frames.SelectMany(frame => frame.Detections).Select(d => d.Label.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToArray();
}
