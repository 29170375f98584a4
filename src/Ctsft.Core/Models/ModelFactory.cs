using Ctsft.Runtime;
using TorchSharp;

namespace Ctsft.Models;

/// <summary>Reads a config.json into the family's config record and builds the matching (randomly initialised) model.</summary>
public static class ModelFactory
{
    public static TransformerConfig ReadConfig(string configPath)
    {
        var json = ConfigJson.Read(configPath);
        var modelType = json.String("model_type");
        var family = ModelFamilies.For(modelType) ?? throw json.Error("model_type",
            $"is '{modelType}', an unsupported architecture ({json.Architecture ?? "no architectures key"}); supported: {string.Join(", ", ModelFamilies.SupportedModelTypes)}");
        return family.ReadConfig(json);
    }

    /// <summary>
    /// The model's structure without memory: parameters on the meta device, for counting and naming from a
    /// config alone (Qwen2.5-0.5B's shape in a few seconds, no 2 GB allocation).
    /// </summary>
    public static TransformerModel CreateStructure(TransformerConfig config)
    {
        using (DefaultDevice.Set(torch.META)) return Create(config);
    }

    public static TransformerModel Create(TransformerConfig config) => config.CreateModel();
}
