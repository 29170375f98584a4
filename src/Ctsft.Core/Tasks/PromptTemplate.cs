namespace Ctsft.Tasks;

/// <summary>
/// A decoder prompt that ends right before the label, e.g. <c>{text} | sentiment:</c> or
/// <c>Premise: {premise} Hypothesis: {hypothesis} Label:</c>. Slots: <c>{text}</c> / <c>{premise}</c> take the
/// example's text, <c>{text_pair}</c> / <c>{hypothesis}</c> its second text. Everything after the last slot is
/// the suffix, which truncation never cuts (method.md section 9).
/// </summary>
public sealed record PromptTemplate
{
    private static readonly string[] FirstSlots = ["{text}", "{premise}"];
    private static readonly string[] SecondSlots = ["{text_pair}", "{hypothesis}"];

    public string Template { get; }

    /// <summary>The fixed text after the last slot (" | sentiment:").</summary>
    public string Suffix { get; }

    public bool HasPair { get; }

    public PromptTemplate(string template)
    {
        Template = template;
        var first = FirstSlots.Where(template.Contains).ToArray();
        var second = SecondSlots.Where(template.Contains).ToArray();
        if (first.Length != 1)
            throw new BadInputException($"prompt template '{template}' must contain exactly one of {string.Join(" or ", FirstSlots)}");
        if (second.Length > 1)
            throw new BadInputException($"prompt template '{template}' has more than one second-text slot");
        HasPair = second.Length == 1;
        var lastSlot = new[] { first[0] }.Concat(second).Select(s => (slot: s, at: template.LastIndexOf(s, StringComparison.Ordinal))).MaxBy(p => p.at);
        Suffix = template[(lastSlot.at + lastSlot.slot.Length)..];
        if (Suffix.Contains('{'))
            throw new BadInputException($"prompt template '{template}' has an unknown slot after the text: '{Suffix}'");
    }

    /// <summary>The prompt up to the end of the last slot, and the suffix.</summary>
    public (string Body, string Suffix) Render(string text, string? pair)
    {
        if (HasPair && pair is null) throw new BadInputException($"prompt template '{Template}' needs a second text (a text pair)");
        var body = Template[..^Suffix.Length];
        foreach (var slot in FirstSlots) body = body.Replace(slot, text, StringComparison.Ordinal);
        foreach (var slot in SecondSlots) body = body.Replace(slot, pair ?? "", StringComparison.Ordinal);
        return (body, Suffix);
    }

    public override string ToString() => Template;
}
