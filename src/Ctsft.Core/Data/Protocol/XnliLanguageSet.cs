namespace Ctsft.Data.Protocol;

/// <summary>
/// The run-level XNLI language set (setting <c>xnli_languages</c>): the languages whose prompts must all fit the
/// 128-token filter for a row to be kept, so every stage of a transfer (stage 1, discovery, stage 2, evaluation)
/// keeps the same rows when it is given the same set. The default is the languages the command touches (the
/// proxy and its language); a given set must contain those.
/// </summary>
public static class XnliLanguageSet
{
    public const string Setting = "xnli_languages";

    /// <summary>Splits <c>en,th,vi</c>; null stays null (the default).</summary>
    public static IReadOnlyList<string>? Parse(string? text) =>
        text is null ? null : text.Split(',', StringSplitOptions.TrimEntries).ToArray();

    /// <summary>The set a command uses: <paramref name="given"/> checked, or the proxy and <paramref name="touched"/>.</summary>
    public static IReadOnlyList<string> Resolve(IReadOnlyList<string>? given, params string[] touched)
    {
        var task = Xnli.Task;
        var needed = new[] { task.ProxyLanguage }.Concat(touched).Distinct(StringComparer.Ordinal).ToArray();
        if (given is null) return needed;
        if (given.Count == 0 || given.Any(string.IsNullOrWhiteSpace))
            throw new BadSettingException(Setting, $"{{{Setting}}}: '{string.Join(",", given)}' has an empty entry; separate XNLI language codes with commas");
        foreach (var language in given.Where(l => !task.Languages.Contains(l)))
            throw new BadSettingException(Setting, $"{{{Setting}}}: XNLI has no language '{language}'; it has: {string.Join(", ", task.Languages)}");
        var duplicate = given.GroupBy(l => l).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new BadSettingException(Setting, $"{{{Setting}}}: '{duplicate.Key}' is named twice");
        var missing = needed.Where(l => !given.Contains(l)).ToArray();
        if (missing.Length > 0)
            throw new BadSettingException(Setting,
                $"{{{Setting}}}: the set ({string.Join(",", given)}) must contain every language this run uses; missing: {string.Join(", ", missing)}");
        return given.ToArray();
    }

    /// <summary>Loads dev and test of every language of the set and builds the NusaX-sized subsets with the filter.</summary>
    public static XnliSubsets Subsets(string dataDir, IReadOnlyList<string> languages, Func<Example, int> promptTokens, ulong seed,
        XnliSubsetOptions? options = null)
    {
        var dev = languages.Select(l => Xnli.Task.Load(dataDir, l, "dev")).ToArray();
        var test = languages.Select(l => Xnli.Task.Load(dataDir, l, "test")).ToArray();
        return XnliSubsets.Build(dev, test, promptTokens, seed, options);
    }

    /// <summary>How the subsets were drawn, for manifests and notes.</summary>
    public static string Describe(IReadOnlyList<string> languages, XnliSubsetOptions? options = null) =>
        $"XNLI subsets over {string.Join(",", languages)} (subset seed = split seed): prompts of at most {(options ?? new XnliSubsetOptions()).MaxPromptTokens} tokens in every one of these languages";
}
