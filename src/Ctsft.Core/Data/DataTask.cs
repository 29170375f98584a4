namespace Ctsft.Data;

/// <summary>
/// A benchmark dataset the project knows: its languages, splits, labels, licence and on-disk layout
/// <c>&lt;data dir&gt;/&lt;Folder&gt;/&lt;language&gt;/&lt;split&gt;.&lt;extension&gt;</c>.
/// </summary>
public sealed record DataTask(
    string Key,
    string Name,
    string Folder,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> Splits,
    DatasetColumns Columns,
    TableFormat Format,
    bool Quoted,
    string ProxyLanguage,
    string Licence,
    string LicenceUrl,
    string Homepage,
    string Citation)
{
    public string Extension => Format == TableFormat.Tsv ? ".tsv" : ".csv";

    public IReadOnlyList<string> LabelNames => Columns.LabelNames!;

    public string FilePath(string dataDir, string language, string split) =>
        Path.Combine(dataDir, Folder, language, split + Extension);

    /// <summary>One split of one language, from the task's layout under <paramref name="dataDir"/>.</summary>
    public Dataset Load(string dataDir, string language, string split)
    {
        RequireLanguage(language);
        if (!Splits.Contains(split))
            throw new BadInputException($"{Name} has no split '{split}'; it has: {string.Join(", ", Splits)}");
        var path = FilePath(dataDir, language, split);
        if (!File.Exists(path))
            throw new BadSettingException("data_dir",
                $"{path}: file not found; run `ctsft data get {Key}` or point {{data_dir}} (or CTSFT_DATA) at a folder holding {Folder}/");
        var table = DelimitedTableReader.Read(path, Format == TableFormat.Tsv ? '\t' : ',', Quoted);
        return TableDatasetBuilder.Build(table, Columns, Name, language, split);
    }

    public void RequireLanguage(string language)
    {
        if (!Languages.Contains(language))
            throw new BadInputException(
                $"{Name} has no language '{language}'; it has: {string.Join(", ", Languages)}");
    }

    /// <summary>The task's languages whose files for every split are present under <paramref name="dataDir"/>.</summary>
    public IReadOnlyList<string> LanguagesPresent(string dataDir) =>
        Languages.Where(l => Splits.All(s => File.Exists(FilePath(dataDir, l, s)))).ToArray();
}
