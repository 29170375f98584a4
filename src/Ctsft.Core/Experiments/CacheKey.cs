using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Ctsft.Experiments;

/// <summary>
/// The identity of a cached stage: SHA-256 of the canonical JSON of everything the stage depends on (model and data
/// hashes, settings, seeds, the keys of the stages it starts from). Two runs that need the same stage compute the
/// same key and share one folder.
/// </summary>
public sealed record CacheKey(string Kind, string Hash, JsonObject Inputs)
{
    public static CacheKey Of(string kind, JsonObject inputs)
    {
        var canonical = inputs.ToJsonString();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kind + "\n" + canonical)))[..24];
        return new CacheKey(kind, hash, inputs);
    }

    public override string ToString() => $"{Kind}/{Hash}";
}
