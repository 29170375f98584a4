using Ctsft.Data;
using Ctsft.Hub;
using Ctsft.Models;
using Ctsft.Text;

namespace Ctsft.Tasks;

/// <summary>
/// Counts a task prompt's tokens under a model's tokenizer and template, as <see cref="TaskReadout.PromptTokenCount"/>
/// does, without loading the weights and without needing the label words: the counter the XNLI subsets'
/// 128-token filter takes (<see cref="Data.Protocol.XnliSubsets.Build"/>).
/// </summary>
public static class PromptTokenCounter
{
    /// <summary>The counter for <paramref name="task"/> under the model <paramref name="spec"/> (folder, built-in name or hub id).</summary>
    public static Func<Example, int> Load(string spec, ClassificationTask task, HubOptions? hub = null, IProgress<DownloadProgress>? progress = null)
    {
        var folder = ModelSource.Resolve(spec, hub, progress);
        var config = ModelFactory.ReadConfig(Path.Combine(folder, "config.json"));
        var tokenizer = TokenizerLoader.FromFolder(folder);
        return config.PromptTokenCounter(task, tokenizer);
    }
}
