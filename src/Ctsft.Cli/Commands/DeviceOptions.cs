using System.CommandLine;
using Ctsft.Runtime;

namespace Ctsft.Cli.Commands;

/// <summary>
/// <c>--device auto|cpu|cuda|cuda:N</c> and <c>--deterministic</c>, shared by every command that runs a model. Read
/// before anything is loaded or written, so an unusable device exits 2 leaving no output.
/// </summary>
public sealed class DeviceOptions
{
    public Option<string> Device { get; } = new("--device") { Description = DeviceSelection.Help, DefaultValueFactory = _ => "auto" };

    public Option<bool> Deterministic { get; } = new("--deterministic")
    {
        Description = "Deterministic algorithms only (and cuBLAS's fixed workspace on CUDA): bit-reproducible GPU runs, somewhat slower",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Device);
        command.Options.Add(Deterministic);
    }

    public DeviceSelection Read(ParseResult parse) => DeviceSelection.Resolve(parse.GetValue(Device), parse.GetValue(Deterministic));
}
