namespace Ctsft.Data.Acquisition;

/// <summary>
/// Where datasets live: the <c>--data-dir</c> option if given, else <c>CTSFT_DATA</c>, else
/// <c>~/.cache/ctsft/data</c>. Each dataset is a folder inside it (<c>nusax-senti/</c>, <c>xnli/</c>).
/// </summary>
public static class DataDirectory
{
    public const string EnvironmentVariable = "CTSFT_DATA";

    public static string Resolve(string? option)
    {
        if (!string.IsNullOrWhiteSpace(option))
            return Path.GetFullPath(option);
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return Path.GetFullPath(fromEnvironment);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".cache", "ctsft", "data");
    }
}
