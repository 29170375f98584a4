namespace Ctsft.Data;

/// <summary>
/// NusaX-Senti (Winata et al., EACL 2023): 12 parallel languages, 500/100/400 rows, CSV <c>id,text,label</c>.
/// Languages are ISO 639-3 codes; <see cref="UpstreamFolders"/> maps them to the upstream folder names.
/// </summary>
public static class NusaxSenti
{
    public static readonly IReadOnlyDictionary<string, string> UpstreamFolders = new Dictionary<string, string>
    {
        ["ace"] = "acehnese",
        ["ban"] = "balinese",
        ["bbc"] = "toba_batak",
        ["bjn"] = "banjarese",
        ["bug"] = "buginese",
        ["eng"] = "english",
        ["ind"] = "indonesian",
        ["jav"] = "javanese",
        ["mad"] = "madurese",
        ["min"] = "minangkabau",
        ["nij"] = "ngaju",
        ["sun"] = "sundanese",
    };

    public static readonly DataTask Task = new(
        Key: "nusax",
        Name: "NusaX-Senti",
        Folder: "nusax-senti",
        Languages: UpstreamFolders.Keys.Order(StringComparer.Ordinal).ToArray(),
        Splits: ["train", "valid", "test"],
        Columns: new DatasetColumns(Text: "text", Label: "label", Id: "id", LabelNames: ["negative", "neutral", "positive"]),
        Format: TableFormat.Csv,
        Quoted: true,
        ProxyLanguage: "ind",
        Licence: "CC BY-SA 4.0",
        LicenceUrl: "https://creativecommons.org/licenses/by-sa/4.0/",
        Homepage: "https://github.com/IndoNLP/nusax",
        Citation: "Winata et al., \"NusaX: Multilingual Parallel Sentiment Dataset for 10 Indonesian Local Languages\", EACL 2023");

    public static Dataset Load(string dataDir, string language, string split) => Task.Load(dataDir, language, split);
}
