using System.IO.Compression;
using System.Text;

namespace Ctsft.Tests.Data;

/// <summary>
/// Builds files in the official XNLI-1.0 release layout (<c>xnli.{dev,test}.tsv</c>: all languages in one
/// file, 19 tab-separated columns, no quoting) from the per-language rows in the shared folder.
/// </summary>
public static class XnliOfficialFileBuilder
{
    private const string Header =
        "language\tgold_label\tsentence1_binary_parse\tsentence2_binary_parse\tsentence1_parse\tsentence2_parse\t" +
        "sentence1\tsentence2\tpromptID\tpairID\tgenre\tlabel1\tlabel2\tlabel3\tlabel4\tlabel5\t" +
        "sentence1_tokenized\tsentence2_tokenized\tmatch";

    public static string Build(IEnumerable<string> languages, string split)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var language in languages)
        {
            var lines = File.ReadAllLines(Path.Combine(SharedFolder.Data, "xnli", language, split + ".tsv"), Encoding.UTF8);
            for (var i = 1; i < lines.Length; i++)
            {
                var (premise, hypothesis, label) = lines[i].Split('\t') switch { var f => (f[0], f[1], f[2]) };
                text.AppendJoin('\t', language, label, "", "", "", "", premise, hypothesis, (i + 1) / 3, i, "facetoface",
                    label, label, label, label, label, premise, hypothesis, "True").Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>An XNLI-1.0.zip look-alike: <c>XNLI-1.0/xnli.dev.tsv</c> and <c>XNLI-1.0/xnli.test.tsv</c>.</summary>
    public static byte[] BuildZip(IReadOnlyList<string> languages, Func<string, string>? alterTest = null)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var split in new[] { "dev", "test" })
            {
                var text = Build(languages, split);
                if (split == "test" && alterTest is not null)
                    text = alterTest(text);
                var entry = zip.CreateEntry($"XNLI-1.0/xnli.{split}.tsv", CompressionLevel.Fastest);
                using var stream = entry.Open();
                stream.Write(Encoding.UTF8.GetBytes(text));
            }
        }
        return buffer.ToArray();
    }
}
