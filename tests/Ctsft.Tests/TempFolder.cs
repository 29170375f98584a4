namespace Ctsft.Tests;

/// <summary>A fresh directory under the system temp folder, deleted with everything in it on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("ctsft-tests-").FullName;

    /// <summary>The path of <paramref name="name"/> inside the folder (nothing is written).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> (sub-folders created) and returns its path.</summary>
    public string File(string name, string text) => Write(name, path => System.IO.File.WriteAllText(path, text));

    public string File(string name, byte[] bytes) => Write(name, path => System.IO.File.WriteAllBytes(path, bytes));

    private string Write(string name, Action<string> write)
    {
        var path = File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        write(path);
        return path;
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // a file still open elsewhere; the system temp folder is cleaned eventually
        }
    }
}
