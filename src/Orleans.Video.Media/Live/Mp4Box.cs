using System.Buffers.Binary;

namespace Orleans.Video.Media.Live;

/// <summary>Finds boxes (ISO BMFF atoms: a 32-bit size, a four-letter type, then the contents) in an MP4 byte run.</summary>
public static class Mp4Box
{
    /// <summary>
    /// The contents of the first box at <paramref name="path"/> ("moov/trak/mdia"), each step a child of the one
    /// before; false when a step is missing or a size does not fit.
    /// </summary>
    public static bool TryFind(ReadOnlySpan<byte> boxes, string path, out ReadOnlySpan<byte> contents)
    {
        contents = boxes;
        foreach (var type in path.Split('/'))
        {
            if (!TryFindChild(contents, type, out contents))
            {
                return false;
            }
        }
        return true;
    }

    private static bool TryFindChild(ReadOnlySpan<byte> boxes, string type, out ReadOnlySpan<byte> contents)
    {
        var offset = 0;
        while (offset + 8 <= boxes.Length)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(boxes[offset..]);
            var header = 8;
            if (size == 1)
            {
                if (offset + 16 > boxes.Length)
                {
                    break;
                }
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(boxes[(offset + 8)..]);
                header = 16;
            }
            else if (size == 0)
            {
                size = boxes.Length - offset; // to the end
            }
            if (size < header || size > boxes.Length - offset)
            {
                break;
            }
            if (IsType(boxes.Slice(offset + 4, 4), type))
            {
                contents = boxes.Slice(offset + header, (int)size - header);
                return true;
            }
            offset += (int)size;
        }
        contents = default;
        return false;
    }

    public static bool IsType(ReadOnlySpan<byte> fourCc, string type) =>
        type.Length == 4 && fourCc[0] == type[0] && fourCc[1] == type[1] && fourCc[2] == type[2] && fourCc[3] == type[3];

    /// <summary>A full box's 24-bit flags (after its version byte).</summary>
    public static uint Flags(ReadOnlySpan<byte> contents) => BinaryPrimitives.ReadUInt32BigEndian(contents) & 0xFFFFFF;
}
