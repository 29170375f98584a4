using System.Text;

namespace Ctsft.Data;

/// <summary>
/// The official XNLI-1.0 release layout: one tab-separated file per split (<c>xnli.dev.tsv</c>,
/// <c>xnli.test.tsv</c>) holding every language, with columns <c>language, gold_label, sentence1, sentence2,
/// promptID, pairID, genre, ...</c> and no quoting. Rows of one language, in file order, are that language's
/// split; their 1-based position is the example id, as in the per-language layout.
/// </summary>
public static class XnliOfficialLayout
{
    public const string LanguageColumn = "language", LabelColumn = "gold_label", PremiseColumn = "sentence1", HypothesisColumn = "sentence2";

    public static string FileName(string split) => $"xnli.{split}.tsv";

    /// <summary>One language of an official-layout file.</summary>
    public static Dataset Load(string path, string language, string split)
    {
        var table = DelimitedTableReader.Read(path, '\t', quotes: false);
        var byLanguage = SplitByLanguage(table);
        if (!byLanguage.TryGetValue(language, out var rows))
            throw new BadInputException(
                $"{path}: no rows for language '{language}'; the file has: {string.Join(", ", byLanguage.Keys)}");
        var columns = new DatasetColumns(PremiseColumn, LabelColumn, TextPair: HypothesisColumn, LabelNames: Xnli.LabelNames);
        return TableDatasetBuilder.Build(rows, columns, Xnli.Task.Name, language, split);
    }

    /// <summary>
    /// Converts an official-layout file's text into the per-language layout (header
    /// <c>premise, hypothesis, label</c>, LF line ends), keyed by language in file order.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ToPerLanguageFiles(string text, string fileName)
    {
        var table = DelimitedTableReader.Parse(text, fileName, sha256: "", separator: '\t', quotes: false);
        var files = new Dictionary<string, string>();
        foreach (var (language, rows) in SplitByLanguage(table))
        {
            var builder = new StringBuilder("premise\thypothesis\tlabel\n");
            foreach (var row in rows.Rows)
                builder.Append(row.Fields[PremiseColumn]).Append('\t')
                    .Append(row.Fields[HypothesisColumn]).Append('\t')
                    .Append(row.Fields[LabelColumn]).Append('\n');
            files[language] = builder.ToString();
        }
        return files;
    }

    private static Dictionary<string, RawTable> SplitByLanguage(RawTable table)
    {
        foreach (var column in new[] { LanguageColumn, LabelColumn, PremiseColumn, HypothesisColumn })
            table.RequireColumn(column);
        var byLanguage = new Dictionary<string, RawTable>(StringComparer.Ordinal);
        foreach (var group in table.Rows.GroupBy(r => r.Fields[LanguageColumn]))
        {
            var rows = group.Select((r, i) => r with { Number = i + 1 }).ToArray();
            byLanguage[group.Key] = table with { Rows = rows };
        }
        return byLanguage;
    }
}
