using Ctsft.Models;
using Ctsft.Runtime;
using Ctsft.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Tests.Runtime;

/// <summary>
/// Tests that run with TorchSharp's default device set to meta (process state, so alone: no other test runs
/// beside them). A tensor the library creates without the run's device then becomes a meta tensor, which fails
/// when it meets the model's CPU tensors or is read: the bug a CUDA run would hit, caught on the CPU.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PoisonedDeviceCollection
{
    public const string Name = "poisoned default device";
}

/// <summary>The default device is meta until disposed, then what it was.</summary>
public sealed class PoisonedDefaultDevice : IDisposable
{
    private readonly IDisposable _restore = DefaultDevice.Set(META);

    public PoisonedDefaultDevice()
    {
        using var probe = zeros(1);
        Assert.Equal(DeviceType.META, probe.device_type);
    }

    public void Dispose() => _restore.Dispose();

    /// <summary>Runs <paramref name="computation"/> poisoned; every tensor it returns must be on the CPU.</summary>
    public static T Run<T>(Func<T> computation)
    {
        using (new PoisonedDefaultDevice()) return computation();
    }
}

/// <summary>
/// The models the poisoned tests run: every fixture folder (with a golden.json) under <c>fixtures</c> and
/// <c>fixtures-next</c> whose config.json and tokenizer this build reads (others join as their family lands),
/// and the embedded MiniLM.
/// </summary>
public static class PoisonedModels
{
    public const string MiniLm = "minilm";

    public static TheoryData<string> All => new(Names());

    public static IEnumerable<string> Names() => SupportedFixtures().Append(MiniLm);

    /// <summary>A fixture's folder from its name (<c>fixtures/tiny-bert</c>), or the built-in name.</summary>
    public static string Spec(string name) => name == MiniLm ? name : Path.Combine(SharedFolder.Root, name);

    private static IEnumerable<string> SupportedFixtures()
    {
        foreach (var set in new[] { "fixtures", "fixtures-next" })
        {
            var root = Path.Combine(SharedFolder.Root, set);
            if (!Directory.Exists(root)) continue;
            foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
            {
                if (!File.Exists(Path.Combine(folder, "golden.json")) || !File.Exists(Path.Combine(folder, "config.json"))) continue;
                if (Readable(folder)) yield return $"{set}/{Path.GetFileName(folder)}";
            }
        }
    }

    private static bool Readable(string folder)
    {
        try
        {
            ModelFactory.ReadConfig(Path.Combine(folder, "config.json"));
            TokenizerLoader.FromFolder(folder);
            return true;
        }
        catch (BadInputException)
        {
            return false;  // a family or tokenizer this build does not support yet
        }
    }
}

/// <summary>Asserts poisoned outputs are CPU tensors bit-identical to the unpoisoned ones.</summary>
public static class SameOutputs
{
    public static void Tensors(Tensor expected, Tensor actual, string what)
    {
        Assert.True(actual.device_type == DeviceType.CPU, $"{what} is on {actual.device}, not the CPU");
        Assert.Equal(expected.dtype, actual.dtype);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(BitsOf(expected).SequenceEqual(BitsOf(actual)), $"{what} differs from the unpoisoned run");
    }

    private static byte[] BitsOf(Tensor t) => t.detach().contiguous().cpu().bytes.ToArray();
}
