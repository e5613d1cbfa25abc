using System.Text;

namespace Orleans.Video.Storage.Results;

/// <summary>
/// How a frame's detections sit in <c>video_detections.detections</c>: a version byte, the frame's distinct labels,
/// then per detection its label's index, class id, score and box. About 25 bytes a detection where Orleans' own
/// serializer takes twice that, and a format of the project's that a serializer upgrade cannot change.
/// </summary>
public static class DetectionRows
{
    private const byte Version = 1;

    public static byte[] Encode(IReadOnlyList<Detection> detections)
    {
        var labels = new List<string>();
        using var buffer = new MemoryStream(8 + detections.Count * 26);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            foreach (var detection in detections)
            {
                if (!labels.Contains(detection.Label, StringComparer.Ordinal))
                {
                    labels.Add(detection.Label);
                }
            }
            writer.Write(Version);
            writer.Write7BitEncodedInt(labels.Count);
            foreach (var label in labels)
            {
                writer.Write(label);
            }
            writer.Write7BitEncodedInt(detections.Count);
            foreach (var detection in detections)
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
        return buffer.ToArray();
    }

    /// <exception cref="InvalidDataException">The bytes are not in this format.</exception>
    public static Detection[] Decode(byte[] bytes)
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
            var detections = new Detection[reader.Read7BitEncodedInt()];
            for (var i = 0; i < detections.Length; i++)
            {
                var label = labels[reader.Read7BitEncodedInt()];
                var classId = reader.Read7BitEncodedInt();
                var score = reader.ReadSingle();
                detections[i] = new Detection(label, classId, score, new Box(reader.ReadSingle(), reader.ReadSingle(), reader.ReadSingle(), reader.ReadSingle()));
            }
            return detections;
        }
        catch (Exception e) when (e is EndOfStreamException or IndexOutOfRangeException or FormatException)
        {
            throw new InvalidDataException("stored detections are truncated or corrupt", e);
        }
    }

    /// <summary>The frame's distinct labels, lower-cased, as label queries match them.</summary>
    public static string[] Labels(IReadOnlyList<Detection> detections) =>
        detections.Select(d => d.Label.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToArray();
}
