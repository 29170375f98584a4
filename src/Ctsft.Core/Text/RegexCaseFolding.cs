using System.Text;

namespace Ctsft.Text;

/// <summary>
/// Makes a pattern's case-insensitive parts fold as Hugging Face's regex engines (Oniguruma, Rust's regex)
/// do. .NET's <c>(?i)</c> does not fold the long s (U+017F) to <c>s</c>, so Llama 3's <c>(?i:'s)</c> would miss
/// <c>'ſ</c>; every literal <c>s</c>/<c>S</c> in a case-insensitive part (outside a character class) becomes
/// <c>[sSſ]</c>. (.NET already folds the Kelvin sign to <c>k</c>.)
/// </summary>
internal static class RegexCaseFolding
{
    public static string Apply(string pattern)
    {
        if (!pattern.Contains("(?i", StringComparison.Ordinal))
            return pattern;
        var result = new StringBuilder(pattern.Length + 16);
        var scopes = new Stack<bool>();
        var ignoreCase = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\':
                    i = CopyEscape(pattern, i, result);
                    break;
                case '[':
                    i = CopyClass(pattern, i, result);
                    break;
                case '(':
                    scopes.Push(ignoreCase);
                    if (i + 1 < pattern.Length && pattern[i + 1] == '?')
                        i = CopyGroupOpening(pattern, i, result, ref ignoreCase, scopes);
                    else
                        result.Append(c);
                    break;
                case ')':
                    ignoreCase = scopes.Count > 0 ? scopes.Pop() : ignoreCase;
                    result.Append(c);
                    break;
                case 's' or 'S' when ignoreCase:
                    result.Append("[sS\u017F]");
                    break;
                default:
                    result.Append(c);
                    break;
            }
        }
        return result.ToString();
    }

    /// <summary>Copies <c>(?flags:</c>, <c>(?flags)</c>, a lookaround or a named group's opening; returns the index of its last character.</summary>
    private static int CopyGroupOpening(string pattern, int start, StringBuilder result, ref bool ignoreCase, Stack<bool> scopes)
    {
        var i = start + 2;
        var flagsEnd = i;
        while (flagsEnd < pattern.Length && pattern[flagsEnd] is 'i' or 'm' or 's' or 'x' or 'n' or '-')
            flagsEnd++;
        if (flagsEnd < pattern.Length && pattern[flagsEnd] is ':' or ')' && flagsEnd > i)
        {
            var flags = pattern[i..flagsEnd];
            var dash = flags.IndexOf('-');
            var on = dash < 0 ? flags : flags[..dash];
            var off = dash < 0 ? "" : flags[(dash + 1)..];
            var scoped = on.Contains('i') || (!off.Contains('i') && ignoreCase);
            if (pattern[flagsEnd] == ')')
            {
                scopes.Pop();          // (?i) opens no group: it changes the enclosing one
                ignoreCase = scoped;
            }
            else
                ignoreCase = scoped;
            result.Append(pattern, start, flagsEnd - start + 1);
            return flagsEnd;
        }
        if (i < pattern.Length && pattern[i] is '<' or '\'' && i + 1 < pattern.Length && pattern[i + 1] is not ('=' or '!'))
        {
            var close = pattern.IndexOf(pattern[i] == '<' ? '>' : '\'', i + 1);
            if (close > 0)
            {
                result.Append(pattern, start, close - start + 1);
                return close;
            }
        }
        result.Append("(?");
        return start + 1;
    }

    private static int CopyEscape(string pattern, int start, StringBuilder result)
    {
        var end = Math.Min(start + 1, pattern.Length - 1);
        if (end < pattern.Length && pattern[end] is 'p' or 'P' && end + 1 < pattern.Length && pattern[end + 1] == '{')
            end = Math.Max(end, pattern.IndexOf('}', end));
        result.Append(pattern, start, end - start + 1);
        return end;
    }

    private static int CopyClass(string pattern, int start, StringBuilder result)
    {
        var i = start + 1;
        if (i < pattern.Length && pattern[i] == '^') i++;
        if (i < pattern.Length && pattern[i] == ']') i++;
        for (; i < pattern.Length && pattern[i] != ']'; i++)
            if (pattern[i] == '\\') i++;
        var end = Math.Min(i, pattern.Length - 1);
        result.Append(pattern, start, end - start + 1);
        return end;
    }
}
