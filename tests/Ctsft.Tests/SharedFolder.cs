namespace Ctsft.Tests;

/// <summary>
/// Finds the read-only shared folder (data, fixtures, docs): <c>CTSFT_SHARED</c> if set, else
/// <c>../shared</c> beside the repository root.
/// </summary>
public static class SharedFolder
{
    public static string Root { get; } = Locate();

    public static string Fixtures => Path.Combine(Root, "fixtures");
    public static string FixturesNext => Path.Combine(Root, "fixtures-next");
    public static string Data => Path.Combine(Root, "data");

    /// <summary>The fixture folder of that name, under fixtures/ or fixtures-next/.</summary>
    public static string Fixture(string name) =>
        new[] { Fixtures, FixturesNext }.Select(root => Path.Combine(root, name)).FirstOrDefault(Directory.Exists) ?? Path.Combine(Fixtures, name);

    /// <summary>
    /// Every model fixture folder (one holding a golden.json) under fixtures/ and fixtures-next/, by folder name;
    /// a folder whose model_type no registered family reads yet (XLM-R until its family lands) is left out.
    /// </summary>
    public static IEnumerable<string> GoldenModelFolders(string? family = null) =>
        new[] { Fixtures, FixturesNext }.Where(Directory.Exists).SelectMany(Directory.EnumerateDirectories)
            .Where(d => File.Exists(Path.Combine(d, "golden.json")))
            .Where(d => family is null || GoldenFamily(d) == family)
            .Where(IsSupported)
            .Select(d => Path.GetFileName(d)!)
            .OrderBy(n => n, StringComparer.Ordinal);

    private static bool IsSupported(string folder)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "config.json")));
        return Ctsft.Models.ModelFamilies.For(doc.RootElement.GetProperty("model_type").GetString()!) is not null;
    }

    public static TheoryData<string> GoldenModelNames(string? family = null) => new(GoldenModelFolders(family));

    private static string GoldenFamily(string folder)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "golden.json")));
        return doc.RootElement.GetProperty("family").GetString()!;
    }

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("CTSFT_SHARED");
        if (!string.IsNullOrEmpty(fromEnvironment))
            return Directory.Exists(fromEnvironment) ? fromEnvironment
                : throw new DirectoryNotFoundException($"CTSFT_SHARED points to {fromEnvironment}, which does not exist");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ctsft.slnx")))
            {
                var shared = Path.Combine(dir.Parent!.FullName, "shared");
                return Directory.Exists(shared) ? shared
                    : throw new DirectoryNotFoundException($"No shared folder at {shared}; set CTSFT_SHARED");
            }
        }
        throw new DirectoryNotFoundException("Could not find the repository root (ctsft.slnx) above " + AppContext.BaseDirectory);
    }
}
