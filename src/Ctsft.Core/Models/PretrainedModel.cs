using Ctsft.Hub;
using Ctsft.Text;

namespace Ctsft.Models;

/// <summary>A model with the tokenizer its folder carries, loaded from any model source (folder, built-in name, hub id).</summary>
public sealed record PretrainedModel(LoadedModel Loaded, ITokenizer Tokenizer, string Spec) : IDisposable
{
    public TransformerModel Model => Loaded.Model;
    public TransformerConfig Config => Loaded.Config;
    public string Folder => Loaded.Folder;

    public static PretrainedModel Load(string spec, ModelLoadOptions? options = null, HubOptions? hub = null, IProgress<DownloadProgress>? progress = null)
    {
        var folder = ModelSource.Resolve(spec, hub, progress);
        var tokenizer = TokenizerLoader.FromFolder(folder);
        var loaded = ModelLoader.Load(folder, options);
        return new PretrainedModel(loaded, tokenizer, spec);
    }

    public void Dispose() => Loaded.Dispose();
}
