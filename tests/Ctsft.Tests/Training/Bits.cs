using static TorchSharp.torch;

namespace Ctsft.Tests.Training;

/// <summary>Bit-level comparison of float32 tensors (distinguishes -0 from 0 and compares NaN payloads).</summary>
public static class Bits
{
    public static bool Identical(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape)) return false;
        var x = a.detach().contiguous().data<float>().ToArray();
        var y = b.detach().contiguous().data<float>().ToArray();
        for (var i = 0; i < x.Length; i++)
            if (BitConverter.SingleToInt32Bits(x[i]) != BitConverter.SingleToInt32Bits(y[i])) return false;
        return true;
    }

    /// <summary>Two model folders hold the same tensor names with bit-identical values.</summary>
    public static void AssertSameCheckpoints(string expectedFolder, string actualFolder, string context)
    {
        using var expected = Ctsft.Checkpoints.CheckpointFolder.Open(expectedFolder);
        using var actual = Ctsft.Checkpoints.CheckpointFolder.Open(actualFolder);
        Xunit.Assert.Equal(expected.Names, actual.Names);
        foreach (var name in expected.Names)
        {
            using var a = expected.ReadTensor(name);
            using var b = actual.ReadTensor(name);
            Xunit.Assert.True(Identical(a, b), $"{context}: {name} differs");
        }
    }
}
