namespace Ctsft.Experiments;

/// <summary>Checks a single transfer's settings before anything runs; every problem is listed in one message.</summary>
public static class TransferValidation
{
    /// <summary>Names the settings as <c>ctsft run</c>'s options.</summary>
    public static string OptionName(string key) => key switch
    {
        "model" => "model",
        "depths" => "--depth",
        "lr" => "--lr",
        "stage1_lr" => "--stage1-lr",
        _ => "--" + key.Replace('_', '-'),
    };

    public static IReadOnlyList<string> Problems(TransferSettings s, StageExecutor executor)
    {
        var checks = new SettingChecks(OptionName);
        var task = checks.Task(s.Task, executor);
        checks.Language(task, "proxy", s.Proxy);
        checks.Language(task, "target", s.Target);
        if (s.Proxy == s.Target) checks.Add("target", $"'{s.Target}' is the proxy language; transfer to another language");
        checks.N(s.N, executor.PoolBSize(s.Task));
        if (s.Arm.NeedsCompetence()) checks.ProxyN(s.ProxyN, executor.PoolASize(s.Task));
        checks.Selection(s.PerIteration is null ? s.Ratio : null, s.PerIteration);
        checks.Rate("stage1_lr", s.Rates.Stage1);
        foreach (var rate in s.Rates.CandidatesFor(s.Arm)) checks.Rate(s.Rates.Search is null ? "lr" : "lr_search", rate);
        checks.XnliLanguages(task, s.XnliLanguages, [s.Proxy, s.Target]);
        if (s.MeanSize < 1) checks.Add("mean_size", $"{s.MeanSize} must be at least 1");
        if (s.DiscoverySize < 1) checks.Add("discovery_size", $"{s.DiscoverySize} must be at least 1");
        checks.DataFiles(task, s.DataDir, [s.Proxy, s.Target]);
        checks.Model(s.Model, executor, s.Arm.DependsOnDepth() ? [s.Depth] : [], s.PerIteration);
        return checks.Problems;
    }

    public static void Check(TransferSettings s, StageExecutor executor)
    {
        var problems = Problems(s, executor);
        if (problems.Count > 0) throw new BadInputException(string.Join(Environment.NewLine, problems));
    }
}
