using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Models.Embedded;

/// <summary>
/// Recovers a BERT model's Hugging Face state dict from its ONNX export. Embeddings, biases, LayerNorms and
/// the pooler keep their names in the export; each linear weight is an anonymous MatMul initializer stored
/// transposed ([in, out]), named here after the bias of the Add that consumes the MatMul's output.
/// </summary>
public static class OnnxBertWeights
{
    public static Dictionary<string, Tensor> Read(Stream onnx, string source)
    {
        var graph = ModelProto.Parser.ParseFrom(onnx).Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var consumers = graph.Node.SelectMany(n => n.Input.Select(input => (input, node: n)))
            .GroupBy(p => p.input).ToDictionary(g => g.Key, g => g.Select(p => p.node).ToArray());

        var weights = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var initializer in graph.Initializer.Where(t => t.Name.EndsWith(".weight", StringComparison.Ordinal) || t.Name.EndsWith(".bias", StringComparison.Ordinal)))
            weights[initializer.Name] = ToTensor(initializer, source);

        foreach (var matmul in graph.Node.Where(n => n.OpType == "MatMul"))
        {
            var weight = matmul.Input.Select(i => initializers.GetValueOrDefault(i)).FirstOrDefault(t => t is not null && t.Dims.Count == 2);
            if (weight is null) continue;
            var bias = consumers.GetValueOrDefault(matmul.Output[0], [])
                .Where(n => n.OpType == "Add")
                .SelectMany(n => n.Input)
                .FirstOrDefault(i => i.EndsWith(".bias", StringComparison.Ordinal) && initializers.ContainsKey(i))
                ?? throw new BadInputException($"{source}: MatMul '{matmul.Name}' has no named bias to name its weight after");
            var name = bias[..^".bias".Length] + ".weight";
            using var stored = ToTensor(weight, source);
            weights[name] = stored.t().contiguous();
        }
        return weights;
    }

    private static Tensor ToTensor(TensorProto proto, string source)
    {
        if (proto.DataType != (int)TensorProto.Types.DataType.Float)
            throw new BadInputException($"{source}: initializer '{proto.Name}' has ONNX data type {proto.DataType}; float32 expected");
        var shape = proto.Dims.ToArray();
        var values = proto.RawData.Length > 0
            ? System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(proto.RawData.Span).ToArray()
            : proto.FloatData.ToArray();
        using var flat = from_array(values);  // host memory, loaded on the CPU like a checkpoint
        return flat.reshape(shape);
    }
}
