using System.Text.Json.Nodes;
using Ctsft.Data;
using Ctsft.Data.Acquisition;

namespace Ctsft.Experiments;

/// <summary>
/// The data of one transfer, each file identified by its SHA-256: a benchmark's files under the data folder, or the
/// user's files (task <c>custom</c>), whose columns, labels and split rule join every stage's identity. Stages of the
/// benchmarks keep exactly the identity they had before user files existed.
/// </summary>
public sealed class TransferData
{
    private readonly TransferSettings _s;
    private readonly IReadOnlyList<string>? _labels;

    public TransferData(TransferSettings s)
    {
        _s = s;
        DataDir = DataDirectory.Resolve(s.DataDir);
        _labels = s.UserData?.LabelsFor(s.Proxy);
    }

    public string DataDir { get; }

    /// <summary>Task custom: the language's file with the task's columns and labels; null for a benchmark.</summary>
    public UserDataFile? File(string language) => _s.UserData?.For(language, _labels!);

    public string Hash(string language, string split) =>
        _s.UserData is { } user ? DataFiles.FileHash(user.Files[language]) : DataFiles.Hash(_s.Task, DataDir, language, split);

    /// <summary><c>{ language: { split: sha256 } }</c> (a user file: the same hash for each of its splits).</summary>
    public JsonObject Describe(IEnumerable<string> languages)
    {
        if (_s.UserData is null) return DataFiles.Describe(_s.Task, DataDir, languages);
        var result = new JsonObject();
        foreach (var language in languages.Distinct())
            result[language] = new JsonObject(DataFiles.Splits.Select(split => KeyValuePair.Create(split, (JsonNode?)Hash(language, split))));
        return result;
    }

    /// <summary>Task custom: each language's file (path, columns, labels, split rule) for the result; null for a benchmark.</summary>
    public JsonObject? UserDataJson(IEnumerable<string> languages) =>
        _s.UserData is null ? null : new JsonObject(languages.Distinct().Select(l => KeyValuePair.Create(l, (JsonNode?)File(l)!.Describe())));

    /// <summary>A stage's identity: <paramref name="key"/>, plus the user data's columns, labels and split rule for task custom.</summary>
    public JsonObject Identify(JsonObject key)
    {
        if (_s.UserData is { } user) key["user_data"] = user.Identity(_labels!, _s.SplitSeed);
        if (_s.Precision != Runtime.Precision.Fp32) key["precision"] = Runtime.Precisions.Name(_s.Precision);   // fp32 keys are unchanged
        return key;
    }
}
