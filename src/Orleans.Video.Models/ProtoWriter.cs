using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Orleans.Video.Models;

/// <summary>
/// Protocol Buffers' wire format, as much of it as an ONNX model needs: varints, 32-bit floats, strings, packed
/// repeated scalars and nested messages. Writing these few encodings by hand spares the product the protobuf
/// compiler and runtime; fields are written in field-number order, as protobuf's own serializers write them.
/// </summary>
internal sealed class ProtoWriter
{
    private const int Varint = 0;
    private const int LengthDelimited = 2;
    private const int Fixed32 = 5;

    private readonly ArrayBufferWriter<byte> _bytes = new();

    public void Int64(int field, long value)
    {
        Tag(field, Varint);
        Raw((ulong)value);
    }

    public void Float(int field, float value)
    {
        Tag(field, Fixed32);
        BinaryPrimitives.WriteSingleLittleEndian(_bytes.GetSpan(4), value);
        _bytes.Advance(4);
    }

    public void String(int field, string value)
    {
        Tag(field, LengthDelimited);
        var length = Encoding.UTF8.GetByteCount(value);
        Raw((ulong)length);
        _bytes.Advance(Encoding.UTF8.GetBytes(value, _bytes.GetSpan(length)));
    }

    /// <summary>A repeated int64 field without <c>[packed = true]</c>: one tagged value per element.</summary>
    public void Int64s(int field, IEnumerable<long> values)
    {
        foreach (var value in values)
        {
            Int64(field, value);
        }
    }

    public void PackedFloats(int field, float[] values)
    {
        Tag(field, LengthDelimited);
        Raw((ulong)values.Length * 4);
        foreach (var value in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(_bytes.GetSpan(4), value);
            _bytes.Advance(4);
        }
    }

    public void PackedInt64s(int field, long[] values)
    {
        var body = new ProtoWriter();
        foreach (var value in values)
        {
            body.Raw((ulong)value);
        }
        Bytes(field, body);
    }

    /// <summary>A nested message, written by <paramref name="write"/>.</summary>
    public void Message(int field, Action<ProtoWriter> write)
    {
        var body = new ProtoWriter();
        write(body);
        Bytes(field, body);
    }

    public byte[] ToArray() => _bytes.WrittenSpan.ToArray();

    private void Bytes(int field, ProtoWriter body)
    {
        Tag(field, LengthDelimited);
        Raw((ulong)body._bytes.WrittenCount);
        _bytes.Write(body._bytes.WrittenSpan);
    }

    private void Tag(int field, int wireType) => Raw((ulong)((field << 3) | wireType));

    private void Raw(ulong value)
    {
        var span = _bytes.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        _bytes.Advance(i);
    }
}
