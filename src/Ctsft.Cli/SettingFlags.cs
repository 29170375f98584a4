namespace Ctsft.Cli;

/// <summary>
/// The command line's flag for each library setting, so that a setting error (<see cref="BadSettingException"/>)
/// names the flag the user typed: <c>learning_rate</c> is <c>--lr</c>; a setting without a flag keeps its name.
/// </summary>
public static class SettingFlags
{
    private static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        ["learning_rate"] = "--lr",
        ["language"] = "--lang",
        ["epsilon"] = "--adam-epsilon",
        ["beta1"] = "--adam-beta1",
        ["beta2"] = "--adam-beta2",
        ["heads_from"] = "--heads-from",
        ["per_iteration"] = "--per-iteration",
        ["max_depth"] = "--depth",
        ["init_seed"] = "--init-seed",
        ["out"] = "--out",
        ["stage1_n"] = "--stage1-n",
        ["depths"] = "--depth",
        ["model"] = "model",
    };

    /// <summary>The flag of <paramref name="setting"/>: the table's, else the setting with dashes (<c>batch_size</c> is <c>--batch-size</c>).</summary>
    public static string For(string setting) => Flags.TryGetValue(setting, out var flag) ? flag : "--" + setting.Replace('_', '-');

    public static string Render(BadSettingException e) => e.Render(For);
}
