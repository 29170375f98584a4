using System.CommandLine;
using Ctsft.Runtime;

namespace Ctsft.Cli.Commands;

/// <summary><c>--precision fp32|bf16</c>, shared by every command that trains, evaluates or discovers (a bad value exits 2 naming the option).</summary>
public sealed class PrecisionOption
{
    public Option<string> Option { get; } = new("--precision") { Description = Precisions.Help, DefaultValueFactory = _ => "fp32" };

    public void AddTo(Command command) => command.Options.Add(Option);

    /// <summary>The precision; bf16 where it is slower than fp32 says so on standard error.</summary>
    public Precision Read(ParseResult parse)
    {
        var precision = Precisions.Parse(parse.GetValue(Option));
        if (Precisions.SlowerHere(precision) is { } why) Console.Error.WriteLine($"warning: --precision {precision.Name()}: {why}");
        return precision;
    }
}
