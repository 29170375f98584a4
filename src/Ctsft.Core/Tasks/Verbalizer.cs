using Ctsft.Text;

namespace Ctsft.Tasks;

/// <summary>Label words of a decoder task, each of which must be exactly one token under the model's tokenizer.</summary>
public static class Verbalizer
{
    public static IReadOnlyList<long> TokenIds(ClassificationTask task, ITokenizer tokenizer)
    {
        var ids = new List<long>();
        for (var i = 0; i < task.LabelWords.Count; i++)
        {
            var word = task.LabelWords[i];
            var encoding = tokenizer.Encode(word, addSpecialTokens: false);
            if (encoding.Ids.Count != 1)
                throw new BadInputException(
                    $"label word '{word}' (label {task.LabelNames[i]}) is not one token under this tokenizer: it tokenizes as " +
                    $"[{string.Join(", ", encoding.Tokens.Select(t => $"'{t}'"))}] (ids {string.Join(", ", encoding.Ids)}); choose a single-token word");
            ids.Add(encoding.Ids[0]);
        }
        if (ids.Distinct().Count() != ids.Count)
            throw new BadInputException($"two label words share a token: {string.Join(", ", task.LabelWords.Select((w, i) => $"'{w}'={ids[i]}"))}");
        return ids;
    }
}
