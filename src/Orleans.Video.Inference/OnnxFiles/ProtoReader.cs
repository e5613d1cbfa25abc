using System.Buffers;
using System.Text;

namespace Orleans.Video.Inference.OnnxFiles;

/// <summary>
/// Reads Protocol Buffers' wire format field by field, as much of it as looking into an ONNX file needs: a field's
/// number and wire type, varints, and length-delimited payloads (strings, nested messages, packed values).
/// </summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> message)
{
    public const int Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

    private readonly ReadOnlySpan<byte> _message = message;
    private int _at;

    public int Field { get; private set; }

    public int WireType { get; private set; }

    /// <summary>Where the current field's tag starts, to copy a field whole.</summary>
    public int FieldStart { get; private set; }

    /// <summary>Moves to the next field; false at the end of the message.</summary>
    public bool Next()
    {
        if (_at >= _message.Length)
        {
            return false;
        }
        FieldStart = _at;
        var tag = ReadVarint();
        (Field, WireType) = ((int)(tag >> 3), (int)(tag & 7));
        return true;
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_at >= _message.Length)
            {
                throw new InvalidDataException("the protobuf message ends inside a varint");
            }
            var b = _message[_at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw new InvalidDataException("a protobuf varint is longer than 10 bytes");
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(_message.Length - _at))
        {
            throw new InvalidDataException($"a protobuf field of {length} bytes runs past the end of its message");
        }
        var bytes = _message.Slice(_at, (int)length);
        _at += (int)length;
        return bytes;
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes());

    /// <summary>The current field's bytes, tag included, after reading or skipping its value.</summary>
    public ReadOnlySpan<byte> Whole() => _message[FieldStart.._at];

    public void Skip()
    {
        switch (WireType)
        {
            case Varint: ReadVarint(); break;
            case Fixed64: Advance(8); break;
            case LengthDelimited: ReadBytes(); break;
            case Fixed32: Advance(4); break;
            default: throw new InvalidDataException($"protobuf wire type {WireType} is not one ONNX uses");
        }
    }

    /// <summary>A repeated int64 field, packed or one value per tag: adds the current field's values.</summary>
    public void ReadInt64s(List<long> values)
    {
        if (WireType == LengthDelimited)
        {
            var packed = new ProtoReader(ReadBytes());
            while (packed._at < packed._message.Length)
            {
                values.Add((long)packed.ReadVarint());
            }
        }
        else
        {
            values.Add((long)ReadVarint());
        }
    }

    private void Advance(int bytes)
    {
        if (bytes > _message.Length - _at)
        {
            throw new InvalidDataException("a protobuf field runs past the end of its message");
        }
        _at += bytes;
    }

    /// <summary>Writes a length-delimited field: its tag, its length and <paramref name="payload"/>.</summary>
    public static void WriteMessage(IBufferWriter<byte> output, int field, ReadOnlySpan<byte> payload)
    {
        WriteVarint(output, (ulong)(field << 3 | LengthDelimited));
        WriteVarint(output, (ulong)payload.Length);
        output.Write(payload);
    }

    public static void WriteVarint(IBufferWriter<byte> output, ulong value)
    {
        var span = output.GetSpan(10);
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[n++] = (byte)value;
        output.Advance(n);
    }
}
