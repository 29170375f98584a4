using System.Globalization;
using Ctsft.Models;
using Ctsft.Runtime;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Ctsft.Benchmarks;

/// <summary>
/// Is bf16 faster here? The layer projections of a model shape (q, k, v, o, gate, up, down), 16 x 128 tokens,
/// each timed as a plain fp32 product, a plain bf16 product (operands already bfloat16) and the bf16 policy's product
/// (<see cref="MixedPrecision.Linear"/>: fp32 in, weight cast per call, fp32 out), forward and, for the policy,
/// forward plus backward. The CPU's bf16 instruction support is printed beside the figures.
/// </summary>
public static class MatmulBenchmark
{
    private const long Tokens = BenchmarkBatch.Batch * BenchmarkBatch.Sequence;

    public static int Run(IReadOnlyList<string> models, int iterations)
    {
        var flags = CpuFlags();
        BenchReport.Set("cpu_bf16_flags", flags);
        BenchReport.Text.WriteLine($"threads {get_num_threads()}, {Tokens} tokens, {iterations} timed products after one warm-up, median; CPU bf16/AMX flags: {(flags.Length == 0 ? "none" : string.Join(" ", flags))}");
        BenchReport.Text.WriteLine();
        BenchReport.Text.WriteLine("| model | projection (in -> out) | fp32 GFLOP/s | bf16 GFLOP/s | bf16 / fp32 time | policy fwd / fp32 | policy fwd+bwd / fp32 |");
        BenchReport.Text.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var name in models)
        {
            var config = BenchmarkShapes.Load(name);
            double fp32Total = 0, bf16Total = 0, policyTotal = 0, fp32Train = 0, policyTrain = 0, flopsTotal = 0;
            foreach (var (role, input, output) in Projections(config))
            {
                using var scope = NewDisposeScope();
                manual_seed(0);
                var device = BenchmarkDevice.Device;
                var x = randn(Tokens, input, device: device);
                var linear = nn.Linear(input, output, device: device);
                var (xb, wb, bb) = (x.to(bfloat16), linear.weight!.to(bfloat16), linear.bias!.to(bfloat16));
                var flops = 2.0 * Tokens * input * output;
                var fp32 = ThroughputBenchmark.Time(iterations, () => F.linear(x, linear.weight!, linear.bias).Dispose());
                var bf16 = ThroughputBenchmark.Time(iterations, () => F.linear(xb, wb, bb).Dispose());
                double policy, fp32Step, policyStep;
                using (MixedPrecision.Use(Precision.Bf16)) policy = ThroughputBenchmark.Time(iterations, () => MixedPrecision.Linear(linear, x).Dispose());
                var xg = x.detach().requires_grad_();
                fp32Step = ThroughputBenchmark.Time(iterations, () => Backward(() => linear.call(xg), linear));
                using (MixedPrecision.Use(Precision.Bf16)) policyStep = ThroughputBenchmark.Time(iterations, () => Backward(() => MixedPrecision.Linear(linear, xg), linear));
                (fp32Total, bf16Total, policyTotal, fp32Train, policyTrain, flopsTotal) =
                    (fp32Total + fp32, bf16Total + bf16, policyTotal + policy, fp32Train + fp32Step, policyTrain + policyStep, flopsTotal + flops);
                var key = $"{role}_{input}x{output}";
                BenchReport.Set(name, key + "_fp32_gflops", flops / fp32 / 1e9);
                BenchReport.Set(name, key + "_bf16_gflops", flops / bf16 / 1e9);
                BenchReport.Set(name, key + "_bf16_over_fp32", bf16 / fp32);
                BenchReport.Text.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {role} ({input} -> {output}) | {flops / fp32 / 1e9:F1} | {flops / bf16 / 1e9:F1} | {bf16 / fp32:F2} | {policy / fp32:F2} | {policyStep / fp32Step:F2} |"));
            }
            BenchReport.Set(name, "layer_fp32_gflops", flopsTotal / fp32Total / 1e9);
            BenchReport.Set(name, "layer_bf16_gflops", flopsTotal / bf16Total / 1e9);
            BenchReport.Set(name, "layer_bf16_over_fp32", bf16Total / fp32Total);
            BenchReport.Set(name, "layer_policy_over_fp32", policyTotal / fp32Total);
            BenchReport.Set(name, "layer_policy_training_over_fp32", policyTrain / fp32Train);
            BenchReport.Text.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | one layer's projections | {flopsTotal / fp32Total / 1e9:F1} | {flopsTotal / bf16Total / 1e9:F1} | {bf16Total / fp32Total:F2} | {policyTotal / fp32Total:F2} | {policyTrain / fp32Train:F2} |"));
        }
        return 0;
    }

    /// <summary>One layer's projections by role: (role, in, out).</summary>
    private static IEnumerable<(string Role, long In, long Out)> Projections(TransformerConfig c)
    {
        var kv = c.NumKeyValueHeads * c.HeadDim;
        var heads = c.NumAttentionHeads * c.HeadDim;
        yield return ("q", c.HiddenSize, heads);
        yield return ("k", c.HiddenSize, kv);
        yield return ("v", c.HiddenSize, kv);
        yield return ("o", heads, c.HiddenSize);
        if (c.Kind == ModelKind.Decoder) yield return ("gate", c.HiddenSize, c.IntermediateSize);
        yield return ("up", c.HiddenSize, c.IntermediateSize);
        yield return ("down", c.IntermediateSize, c.HiddenSize);
    }

    private static void Backward(Func<Tensor> forward, TorchSharp.Modules.Linear linear)
    {
        using var scope = NewDisposeScope();
        linear.zero_grad();
        forward().sum().backward();
    }

    private static string[] CpuFlags()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal)) ?? "";
            return line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Where(f => f.Contains("bf16", StringComparison.Ordinal) || f.StartsWith("amx", StringComparison.Ordinal) || f == "avx512f").ToArray();
        }
        catch (IOException) { return []; }
    }
}
