namespace Ctsft.Checkpoints;

/// <summary>Widening of stored floating elements to float32, from raw little-endian memory to raw memory.</summary>
internal static unsafe class DtypeConversion
{
    /// <summary>bfloat16 is the upper half of a float32: widening is a 16-bit shift, exact.</summary>
    public static void BFloat16ToSingle(byte* source, float* target, long count)
    {
        var bits = (ushort*)source;
        var output = (uint*)target;
        for (long i = 0; i < count; i++)
            output[i] = (uint)bits[i] << 16;
    }

    public static void HalfToSingle(byte* source, float* target, long count)
    {
        var halves = (Half*)source;
        for (long i = 0; i < count; i++)
            target[i] = (float)halves[i];
    }

    /// <summary>Rounds to nearest, ties to even (the IEEE conversion).</summary>
    public static void DoubleToSingle(byte* source, float* target, long count)
    {
        var doubles = (double*)source;
        for (long i = 0; i < count; i++)
            target[i] = (float)doubles[i];
    }

    /// <summary>Converts <paramref name="count"/> elements of <paramref name="dtype"/> to float32.</summary>
    public static void ToSingle(SafetensorsDtype dtype, byte* source, float* target, long count)
    {
        switch (dtype)
        {
            case SafetensorsDtype.F32: Buffer.MemoryCopy(source, target, count * 4, count * 4); break;
            case SafetensorsDtype.BF16: BFloat16ToSingle(source, target, count); break;
            case SafetensorsDtype.F16: HalfToSingle(source, target, count); break;
            case SafetensorsDtype.F64: DoubleToSingle(source, target, count); break;
            default: throw new ArgumentException($"{dtype} is not a floating dtype", nameof(dtype));
        }
    }
}
