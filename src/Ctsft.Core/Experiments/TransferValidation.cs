namespace Ctsft.Experiments;

/// <summary>
/// Checks a single transfer's settings before anything runs; every problem is listed in one message, each led by its
/// setting's name (a front end renders them as its flags).
/// </summary>
public static class TransferValidation
{
    public static IReadOnlyList<string> Problems(TransferSettings s, StageExecutor executor) => Checks(s, executor).Problems;

    private static SettingChecks Checks(TransferSettings s, StageExecutor executor)
    {
        var checks = new SettingChecks(key => "{" + key + "}");
        var task = checks.Task(s.Task);
        checks.Language(task, "proxy", s.Proxy);
        checks.Language(task, "target", s.Target);
        if (s.Proxy == s.Target) checks.Add("target", $"'{s.Target}' is the proxy language; transfer to another language");
        if (task is not null) checks.N(s.N, executor.PoolBSize(s.Task));
        if (task is not null && s.Arm.NeedsCompetence()) checks.ProxyN(s.ProxyN, executor.PoolASize(s.Task));
        checks.UserFiles(s.Task, s.UserData, s.Proxy, [s.Target], [s.N], s.Arm.NeedsCompetence() ? s.ProxyN : null, s.SplitSeed);
        checks.Selection(s.PerIteration is null ? s.Ratio : null, s.PerIteration);
        checks.Rate("stage1_lr", s.Rates.Stage1);
        foreach (var rate in s.Rates.CandidatesFor(s.Arm)) checks.Rate(s.Rates.Search is null ? "lr" : "lr_search", rate);
        checks.XnliLanguages(task, s.XnliLanguages, [s.Proxy, s.Target], s.Task);
        if (s.MeanSize < 1) checks.Add("mean_size", $"{s.MeanSize} must be at least 1");
        if (s.DiscoverySize < 1) checks.Add("discovery_size", $"{s.DiscoverySize} must be at least 1");
        if (s.Precision != Runtime.Precision.Fp32 && s.Arm.IsAdapter())
            checks.Add("precision", $"{Runtime.Precisions.Name(s.Precision)} does not support arm {s.Arm.Name()} (its adapters hook the fp32 projections); use fp32");
        checks.DataFiles(task, s.DataDir, [s.Proxy, s.Target]);
        checks.Model(s.Model, executor, s.Arm.DependsOnDepth() ? [s.Depth] : [], s.PerIteration);
        return checks;
    }

    /// <summary>Throws a <see cref="BadSettingException"/> listing every problem, each led by its setting (<c>{target}: ...</c>).</summary>
    public static void Check(TransferSettings s, StageExecutor executor)
    {
        var checks = Checks(s, executor);
        if (checks.FirstSetting is { } first) throw new BadSettingException(first, string.Join(Environment.NewLine, checks.Problems));
    }
}
