using System.Buffers.Binary;
using System.Text;

namespace Ctsft.Text;

/// <summary>
/// The parts of a SentencePiece model file (<c>sentencepiece.bpe.model</c>, a <c>ModelProto</c> protobuf)
/// that a Hugging Face conversion uses: the pieces with scores and types, the model type, byte fallback and
/// the normalizer's precompiled charsmap.
/// </summary>
public sealed record SentencePieceModelFile(
    IReadOnlyList<(string Piece, float Score, int Type)> Pieces, int ModelType, bool ByteFallback, byte[] PrecompiledCharsMap)
{
    public const int UnigramModelType = 1;

    public static SentencePieceModelFile Read(string path)
    {
        try
        {
            return Parse(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException or DecoderFallbackException)
        {
            throw new BadInputException($"{path}: not a readable SentencePiece model ({e.Message})", e);
        }
    }

    private static SentencePieceModelFile Parse(byte[] bytes)
    {
        var pieces = new List<(string, float, int)>();
        var modelType = UnigramModelType;
        var byteFallback = false;
        var charsMap = Array.Empty<byte>();
        foreach (var (field, value) in Fields(bytes))
        {
            switch (field)
            {
                case 1:
                    pieces.Add(Piece(value));
                    break;
                case 2:
                    foreach (var (trainerField, trainerValue) in Fields(value))
                    {
                        if (trainerField == 3) modelType = (int)Varint(trainerValue);
                        if (trainerField == 35) byteFallback = Varint(trainerValue) != 0;
                    }
                    break;
                case 3:
                    foreach (var (normalizerField, normalizerValue) in Fields(value))
                        if (normalizerField == 2) charsMap = normalizerValue.ToArray();
                    break;
            }
        }
        if (pieces.Count == 0)
            throw new FormatException("it holds no pieces");
        return new SentencePieceModelFile(pieces, modelType, byteFallback, charsMap);
    }

    private static (string, float, int) Piece(ReadOnlyMemory<byte> message)
    {
        var (piece, score, type) = ("", 0f, 1);
        foreach (var (field, value) in Fields(message))
        {
            if (field == 1) piece = Encoding.UTF8.GetString(value.Span);
            if (field == 2) score = BinaryPrimitives.ReadSingleLittleEndian(value.Span);
            if (field == 3) type = (int)Varint(value);
        }
        return (piece, score, type);
    }

    /// <summary>The fields of a protobuf message: varints as their bytes, fixed32/64 as their 4/8 bytes, length-delimited as their content.</summary>
    private static List<(int Field, ReadOnlyMemory<byte> Value)> Fields(ReadOnlyMemory<byte> message)
    {
        var fields = new List<(int, ReadOnlyMemory<byte>)>();
        var span = message.Span;
        for (var position = 0; position < span.Length;)
        {
            var key = ReadVarint(span, ref position);
            var field = (int)(key >> 3);
            var start = position;
            switch (key & 7)
            {
                case 0: ReadVarint(span, ref position); break;
                case 1: position += 8; break;
                case 2:
                    var length = (int)ReadVarint(span, ref position);
                    start = position;
                    position += length;
                    break;
                case 5: position += 4; break;
                default: throw new FormatException($"protobuf wire type {key & 7} at byte {start}");
            }
            if (position > span.Length)
                throw new FormatException($"field {field} runs past the end of its message");
            fields.Add((field, message[start..position]));
        }
        return fields;
    }

    private static ulong Varint(ReadOnlyMemory<byte> value)
    {
        var position = 0;
        return ReadVarint(value.Span, ref position);
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = span[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return result;
        }
        throw new FormatException("a varint longer than 10 bytes");
    }
}
