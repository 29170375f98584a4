using System.Text.RegularExpressions;

namespace Ctsft;

/// <summary>
/// A setting with a value no run can use. The message names settings by their library names
/// (<c>learning_rate</c>, <c>out</c>), so it reads the same whether the value came from a command line or a spec
/// file; in the template a setting is written <c>{learning_rate}</c>, and a front end may render it as its own
/// flag (<see cref="Render"/>).
/// </summary>
public sealed partial class BadSettingException(string setting, string template, Exception? inner = null)
    : BadInputException(RenderTemplate(template, name => name), inner)
{
    /// <summary>The setting at fault (snake_case), e.g. <c>learning_rate</c>.</summary>
    public string Setting { get; } = setting;

    public string Template { get; } = template;

    /// <summary>The message with every <c>{setting}</c> rendered by <paramref name="name"/> (e.g. as a CLI flag).</summary>
    public string Render(Func<string, string> name) => RenderTemplate(Template, name);

    private static string RenderTemplate(string template, Func<string, string> name) =>
        SettingName().Replace(template, m => name(m.Groups[1].Value));

    [GeneratedRegex(@"\{([a-z][a-z0-9_]*)\}")]
    private static partial Regex SettingName();
}
