using System.CommandLine;
using Ctsft.Cli.Commands;

var root = new RootCommand("ctsft: circuit-targeted supervised fine-tuning of language models for low-resource languages");
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(ModelCommand.Create());
root.Subcommands.Add(DataCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(BudgetCommand.Create());
root.Subcommands.Add(PatchCommand.Create());
root.Subcommands.Add(DiscoverCommand.Create());
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(ExperimentCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
return root.Parse(args).Invoke();
