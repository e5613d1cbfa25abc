using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Orleans.Serialization;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.WireProtocol;

namespace Orleans.Video;

/// <summary>
/// Writes <see cref="FramePlanes"/> as <c>byte[]</c> is written (length, then the bytes: the wire format did not
/// change when frames got this type) and reads them into a pooled buffer instead of a new array.
/// </summary>
[RegisterSerializer]
internal sealed class FramePlanesCodec : IFieldCodec<FramePlanes>
{
    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, [AllowNull] Type expectedType, [AllowNull] FramePlanes value)
        where TBufferWriter : IBufferWriter<byte>
    {
        // A null (or an instance already written in this message) goes as a reference.
        if (ReferenceCodec.TryWriteReferenceField(ref writer, fieldIdDelta, expectedType, value) || value is null)
        {
            return;
        }
        writer.WriteFieldHeader(fieldIdDelta, expectedType, typeof(FramePlanes), WireType.LengthPrefixed);
        writer.WriteVarUInt32((uint)value.Length);
        writer.Write(value.Bytes);
    }

    [return: MaybeNull]
    public FramePlanes ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        if (field.WireType == WireType.Reference)
        {
            return ReferenceCodec.ReadReference<FramePlanes, TInput>(ref reader, field);
        }
        field.EnsureWireType(WireType.LengthPrefixed);
        var length = reader.ReadVarUInt32();
        // A length the message does not hold is refused before a buffer is taken for it.
        reader.EnsureAvailable(length);
        var bytes = ReceivedFrameBuffers.Rent(checked((int)length));
        reader.ReadBytes(bytes);
        var planes = FramePlanes.Received(bytes);
        ReferenceCodec.RecordObject(reader.Session, planes);
        return planes;
    }
}
