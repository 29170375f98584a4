using Ctsft.Data;
using Ctsft.Models;
using Ctsft.Tasks;
using static TorchSharp.torch;

namespace Ctsft.Evaluation;

/// <summary>One label's score for a single text. Decoders also give the label word, its token id, and the
/// token's probability over the whole vocabulary.</summary>
public sealed record LabelScore(string Label, float Logit, double Probability, string? Word = null, long? TokenId = null, double? VocabularyProbability = null);

/// <summary>The labels' scores for one text (probabilities over the labels), the predicted label, and the prompt's size.</summary>
public sealed record LabelScores(IReadOnlyList<LabelScore> Labels, int Predicted, int PromptTokens, bool Truncated)
{
    /// <summary>The predicted label's name.</summary>
    public string Prediction => Labels[Predicted].Label;
}

/// <summary>One candidate next token: id, token string, decoded text, logit and probability over the vocabulary.</summary>
public sealed record TokenScore(int Id, string Token, string Text, float Logit, double Probability);

/// <summary>Runs a model on one text: the task's label scores, or a decoder's most likely next tokens.</summary>
public static class TextPrediction
{
    /// <summary>
    /// The label scores of <paramref name="text"/> (and <paramref name="textPair"/>) under the task format, read
    /// exactly as evaluation reads them (same prompt, truncation and readout).
    /// </summary>
    public static LabelScores Classify(TaskModel model, string text, string? textPair = null)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new BadSettingException("text", "{text} is empty");
        if (textPair is not null && string.IsNullOrWhiteSpace(textPair)) throw new BadSettingException("text_pair", "{text_pair} is empty");
        var example = new Example("text", text, textPair, 0);
        var encoded = model.Readout.Encode(example);
        var wasTraining = model.Model.training;
        model.Model.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            using var batch = model.Readout.Encode([example]);
            using var output = model.Model.Forward(batch.Input with { ReadoutPositions = batch.ReadoutPositions });   // as evaluation runs it
            var logits = model.Readout.LabelLogits(model.Model, output, batch)[0].to(float32).cpu().data<float>().ToArray();
            var probabilities = Prediction.Softmax(logits);
            double[]? vocabulary = null;
            if (model.Readout is DecoderReadout decoder)
            {
                var atReadout = output.Hidden[0, output.ReadoutOnly ? 0 : batch.ReadoutPositions[0].item<long>()];
                var all = ((IDecoderModel)model.Model).VocabularyLogits(atReadout).to(float64).softmax(-1);
                vocabulary = decoder.LabelTokenIds.Select(id => all[id].item<double>()).ToArray();
            }
            var labels = model.Task.LabelNames.Select((label, i) => model.Readout is DecoderReadout d
                ? new LabelScore(label, logits[i], probabilities[i], model.Task.LabelWords[i], d.LabelTokenIds[i], vocabulary![i])
                : new LabelScore(label, logits[i], probabilities[i])).ToArray();
            return new LabelScores(labels, Prediction.ArgMax(logits), encoded.InputIds.Length, encoded.Truncated);
        }
        finally
        {
            if (wasTraining) model.Model.train();
        }
    }

    /// <summary>
    /// A decoder's <paramref name="top"/> most likely next tokens after <paramref name="text"/>, encoded as the
    /// tokenizer encodes a text on its own (its post-processor's special tokens included; none for Qwen2).
    /// </summary>
    public static IReadOnlyList<TokenScore> NextTokens(PretrainedModel pretrained, string text, int top = 10)
    {
        if (pretrained.Model is not IDecoderModel decoder)
            throw new BadSettingException("task", $"{pretrained.Spec} is an encoder ({pretrained.Config.Architecture}); next-token prediction needs a decoder; give {{task}} for label probabilities");
        if (string.IsNullOrWhiteSpace(text)) throw new BadSettingException("text", "{text} is empty");
        if (top < 1) throw new BadSettingException("top", $"{{top}} must be at least 1, got {top}");
        var ids = pretrained.Tokenizer.Encode(text).Ids.Select(i => (long)i).ToArray();
        var limit = pretrained.Config.MaxPositionEmbeddings;
        if (ids.Length > limit)
            throw new BadSettingException("text", $"{{text}} is {ids.Length} tokens; {pretrained.Spec} takes at most {limit}");
        var model = pretrained.Model;
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var input = ModelInput.FromRows([ids], pretrained.Tokenizer.PadTokenId ?? 0, device: Runtime.ModuleDevice.Of(model));
            using var output = model.Forward(input);
            var logits = decoder.VocabularyLogits(output.Hidden[0, ids.Length - 1]).to(float32);
            var probabilities = logits.to(float64).softmax(-1);
            var (values, indices) = logits.topk((int)Math.Min(top, logits.shape[0]));
            var best = indices.cpu().data<long>().ToArray();
            var bestLogits = values.cpu().data<float>().ToArray();
            return best.Select((id, i) => new TokenScore((int)id,
                pretrained.Tokenizer.IdToToken((int)id) ?? "",
                pretrained.Tokenizer.Decode([(int)id]),
                bestLogits[i],
                probabilities[id].item<double>())).ToArray();
        }
        finally
        {
            if (wasTraining) model.train();
        }
    }
}
