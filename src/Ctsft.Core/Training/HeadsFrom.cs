using Ctsft.Circuits;
using Ctsft.Models;
using Ctsft.Runs;

namespace Ctsft.Training;

/// <summary>
/// A head set taken straight from a discovery (setting <c>heads_from</c>: <c>DIR/circuit.json[:set]</c>, or the
/// discovery folder itself; set = circuit (default), near_zero, least or random). The run records the file, its
/// SHA-256 and the set.
/// </summary>
public sealed record HeadsFrom(string File, string Sha256, string Set, HeadSet Heads, string DiscoveredOnModel)
{
    public const string Setting = "heads_from";

    /// <param name="setting">The setting that gave <paramref name="spec"/> (<c>match_budget</c> reads circuits too), named in every error.</param>
    public static HeadsFrom Load(string spec, string setting = Setting)
    {
        if (string.IsNullOrWhiteSpace(spec)) throw new BadSettingException(setting, $"{{{setting}}}: no file given");
        var (path, set) = Split(spec.Trim(), setting);
        if (Directory.Exists(path)) path = Path.Combine(path, CircuitReport.FileName);
        if (!System.IO.File.Exists(path))
            throw new BadSettingException(setting, $"{{{setting}}}: {path} does not exist (give DIR/circuit.json[:circuit|near_zero|least|random])");
        var circuit = CircuitFile.Read(path);
        var heads = circuit.Set(set);
        if (heads.Count == 0) throw new BadSettingException(setting, $"{{{setting}}}: the set '{set}' of {path} is empty");
        return new HeadsFrom(Path.GetFullPath(path), RunDocument.FileHash(path), set, heads, circuit.ModelSha256);
    }

    private static (string Path, string Set) Split(string spec, string setting)
    {
        var colon = spec.LastIndexOf(':');
        if (colon <= 0 || spec[(colon + 1)..].Contains('/')) return (spec, "circuit");
        var set = spec[(colon + 1)..].Trim().ToLowerInvariant().Replace('-', '_') switch
        {
            "nearzero" => "near_zero",
            var name => name,
        };
        if (!CircuitFile.SetNames.Contains(set))
            throw new BadSettingException(setting, $"{{{setting}}}: '{spec[(colon + 1)..]}' is not a set; use one of {string.Join(", ", CircuitFile.SetNames)}");
        return (spec[..colon], set);
    }
}
