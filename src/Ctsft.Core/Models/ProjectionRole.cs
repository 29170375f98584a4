namespace Ctsft.Models;

/// <summary>
/// The linear projections of a transformer layer by what they do, whatever a family calls them: attention q, k, v and
/// output (o); feed-forward gate, up (into the intermediate size) and down (back to the hidden size).
/// BERT / XLM-R: query, key, value, attention.output.dense, intermediate.dense (up), output.dense (down), no gate;
/// Qwen2 / Qwen3 / Llama: q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj.
/// </summary>
public enum ProjectionRole { Q, K, V, O, Gate, Up, Down }

public static class ProjectionRoles
{
    public static IReadOnlyList<ProjectionRole> All { get; } = Enum.GetValues<ProjectionRole>();

    public static string Name(this ProjectionRole role) => role.ToString().ToLowerInvariant();

    /// <summary><c>q,k,v,o,gate,up,down</c> (any order, no repeats); the message names <paramref name="setting"/>.</summary>
    public static IReadOnlyList<ProjectionRole> ParseList(string text, string setting)
    {
        var roles = new List<ProjectionRole>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var role = All.Cast<ProjectionRole?>().FirstOrDefault(r => r!.Value.Name() == part.ToLowerInvariant())
                ?? throw new BadSettingException(setting, $"{{{setting}}}: '{part}' is not a projection; use {string.Join(",", All.Select(Name))}");
            if (roles.Contains(role)) throw new BadSettingException(setting, $"{{{setting}}}: '{part}' is listed twice");
            roles.Add(role);
        }
        if (roles.Count == 0) throw new BadSettingException(setting, $"{{{setting}}}: no projection given; use some of {string.Join(",", All.Select(Name))}");
        return roles.OrderBy(r => r).ToArray();
    }

    public static string ListText(IEnumerable<ProjectionRole> roles) => string.Join(",", roles.OrderBy(r => r).Select(Name));
}
