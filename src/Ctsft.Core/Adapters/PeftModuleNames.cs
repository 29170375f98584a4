using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ctsft.Adapters;

/// <summary>
/// PEFT's rule for <c>target_modules</c>, <c>feedforward_modules</c> and <c>modules_to_save</c> as its documentation
/// states it: a string is a regular expression the whole module name must match; a list of strings selects a module
/// whose name equals an entry or ends with "." + the entry.
/// </summary>
public static class PeftModuleNames
{
    public static bool Matches(JsonNode? names, string module) => names switch
    {
        null => false,
        JsonValue value when value.TryGetValue<string>(out var pattern) => Regex.IsMatch(module, $"^(?:{pattern})$", RegexOptions.None, TimeSpan.FromSeconds(1)),
        JsonArray list => list.Any(n => n?.GetValue<string>() is { } entry && (module == entry || module.EndsWith("." + entry, StringComparison.Ordinal))),
        _ => false,
    };

    /// <summary>
    /// The list PEFT maps to exactly <paramref name="selected"/> among <paramref name="universe"/>: for each selected
    /// module the shortest dotted suffix of its path that selects only selected modules and every module of the same
    /// role (the same path with another layer number); modules no suffix describes are listed by full path.
    /// </summary>
    public static JsonArray Describe(IReadOnlyCollection<string> selected, IReadOnlyCollection<string> universe)
    {
        var chosen = new SortedSet<string>(StringComparer.Ordinal);
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var module in selected.Order(StringComparer.Ordinal))
        {
            if (covered.Contains(module)) continue;
            var role = Role(module);
            var sameRole = selected.Where(m => Role(m) == role).ToHashSet(StringComparer.Ordinal);
            var parts = module.Split('.');
            string? found = null;
            for (var k = 1; k <= parts.Length && found is null; k++)
            {
                var suffix = string.Join('.', parts[^k..]);
                var matched = universe.Where(m => m == suffix || m.EndsWith("." + suffix, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
                if (matched.IsSubsetOf(selected) && matched.IsSupersetOf(sameRole)) found = suffix;
            }
            if (found is not null)
            {
                chosen.Add(found);
                covered.UnionWith(universe.Where(m => m == found || m.EndsWith("." + found, StringComparison.Ordinal)));
            }
            else
            {
                chosen.UnionWith(sameRole);
                covered.UnionWith(sameRole);
            }
        }
        return new JsonArray(chosen.Select(c => (JsonNode?)c).ToArray());
    }

    /// <summary>A module path with its layer number taken out (<c>model.layers.3.mlp.down_proj</c> → <c>model.layers.#.mlp.down_proj</c>).</summary>
    private static string Role(string module) => string.Join('.', module.Split('.').Select(p => p.All(char.IsAsciiDigit) ? "#" : p));
}
