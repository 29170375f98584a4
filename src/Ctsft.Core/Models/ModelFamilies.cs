using Ctsft.Models.Bert;
using Ctsft.Models.Qwen2;
using Ctsft.Models.XlmRoberta;

namespace Ctsft.Models;

/// <summary>The model types one family reads, and how it reads its config.json (the config then builds the model).</summary>
public sealed record ModelFamilyRegistration(IReadOnlyList<string> ModelTypes, Func<ConfigJson, TransformerConfig> ReadConfig);

/// <summary>The one list of supported families: a new family adds its folder under Models/ and one line here.</summary>
public static class ModelFamilies
{
    public static readonly IReadOnlyList<ModelFamilyRegistration> All =
    [
        new(Qwen2Config.SupportedModelTypes, Qwen2Config.FromJson),
        new(["bert"], BertConfig.FromJson),
        new(XlmRobertaConfig.SupportedModelTypes, XlmRobertaConfig.FromJson),
    ];

    public static IEnumerable<string> SupportedModelTypes => All.SelectMany(f => f.ModelTypes);

    /// <summary>The family reading <paramref name="modelType"/>, or null.</summary>
    public static ModelFamilyRegistration? For(string modelType) => All.FirstOrDefault(f => f.ModelTypes.Contains(modelType));
}
