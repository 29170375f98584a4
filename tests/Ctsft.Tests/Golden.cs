using System.Text.Json;
using Ctsft.Models;
using TorchSharp;

namespace Ctsft.Tests;

/// <summary>Reads a fixture's golden.json (reference numbers from an independent implementation; see the fixtures README).</summary>
public sealed class Golden
{
    private static readonly Dictionary<string, Golden> Cache = new();

    public string Name { get; }
    public string Folder { get; }
    public JsonElement Root { get; }

    private Golden(string name)
    {
        Name = name;
        Folder = SharedFolder.Fixture(name);
        Root = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, "golden.json"))).RootElement;
    }

    public static Golden For(string name)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(name, out var golden)) Cache[name] = golden = new Golden(name);
            return golden;
        }
    }

    public bool IsDecoder => Root.GetProperty("family").GetString() == "decoder";
    public JsonElement Settings => Root.GetProperty("settings");

    public static long[] Longs(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt64()).ToArray();
    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    /// <summary>A nested JSON array of numbers as a float64 tensor of its shape.</summary>
    public static torch.Tensor Tensor(JsonElement array)
    {
        var shape = new List<long>();
        for (var e = array; e.ValueKind == JsonValueKind.Array; e = e[0]) shape.Add(e.GetArrayLength());
        var values = new List<double>();
        Flatten(array, values);
        return torch.tensor(values.ToArray(), shape.ToArray(), dtype: torch.float64);
    }

    private static void Flatten(JsonElement e, List<double> values)
    {
        if (e.ValueKind == JsonValueKind.Array) foreach (var item in e.EnumerateArray()) Flatten(item, values);
        else values.Add(e.GetDouble());
    }

    public static ModelInput Input(JsonElement ids, JsonElement? mask = null)
    {
        var idTensor = ids[0].ValueKind == JsonValueKind.Array ? Tensor(ids).to(torch.int64) : Tensor(ids).to(torch.int64).unsqueeze(0);
        var maskTensor = mask is { } m
            ? (m[0].ValueKind == JsonValueKind.Array ? Tensor(m).to(torch.int64) : Tensor(m).to(torch.int64).unsqueeze(0))
            : torch.ones_like(idTensor);
        return new ModelInput(idTensor, maskTensor, torch.zeros_like(idTensor));
    }
}

public static class TensorAssert
{
    /// <summary>|actual - expected| &lt;= atol + rtol * |expected| everywhere; the message shows the worst entry.</summary>
    public static void Close(torch.Tensor expected, torch.Tensor actual, double atol, double rtol, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var e = expected.to(torch.float64);
        using var a = actual.detach().to(torch.float64);
        using var error = (a - e).abs();
        using var allowed = e.abs() * rtol + atol;
        using var excess = error - allowed;
        var worst = excess.max().item<double>();
        if (worst > 0)
        {
            var index = excess.argmax().item<long>();
            Assert.Fail($"{what}: entry {index} differs by {error.flatten()[index].item<double>():g4} " +
                        $"(expected {e.flatten()[index].item<double>():g8}, got {a.flatten()[index].item<double>():g8}; allowed {allowed.flatten()[index].item<double>():g4})");
        }
    }
}
