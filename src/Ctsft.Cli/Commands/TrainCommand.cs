using System.CommandLine;
using Ctsft.Scopes;
using Ctsft.Training;
using Spectre.Console;

namespace Ctsft.Cli.Commands;

/// <summary><c>ctsft train</c>: fine-tune a model on n examples of one language with a parameter scope.</summary>
public static class TrainCommand
{
    private static readonly Argument<string> Model = new("model") { Description = "Model: a Hugging Face folder, a built-in name (minilm) or a hub id" };
    private static readonly Option<string> Task = new("--task") { Description = "Dataset: nusax or xnli (XNLI trains on the language's NusaX-sized train subset)", DefaultValueFactory = _ => "nusax" };
    private static readonly Option<string> Language = new("--lang") { Description = "Language code, e.g. ind, jav", Required = true };
    private static readonly Option<string> N = new("--n") { Description = "Training examples: a number or 'all' (of the pool)", Required = true };
    private static readonly Option<string?> Pool = new("--pool") { Description = "A or B (default: A for the proxy language, B otherwise)" };
    private static readonly Option<string?> Scope = new("--scope") { Description = "full, norms, heads, lora or ia3 (default: full; heads with --heads-from)" };
    private static readonly Option<string?> MatchBudget = new("--match-budget")
    {
        Description = "Scope lora: pick the rank (and, without --lora-targets, the projections) whose trainable count is closest to this circuit's: DIR/circuit.json[:set]",
    };
    private static readonly Option<string?> Adapter = new("--adapter") { Description = "A PEFT LoRA / IA3 adapter folder merged into the model before training" };
    private static readonly Option<string?> Heads = new("--heads") { Description = "Heads for --scope heads, e.g. L3H7,4.2" };
    private static readonly Option<string?> HeadsFrom = new("--heads-from")
    {
        Description = "Heads for --scope heads from a discovery: DIR/circuit.json[:circuit|near_zero|least|random] (default set: circuit); recorded with the file's hash",
    };
    private static readonly Option<string?> XnliLanguages = new("--xnli-languages")
    {
        Description = "XNLI: the run's language set of the 128-token prompt filter, e.g. en,th,vi,es,zh; give every stage the same set (default: en and --lang)",
    };
    private static readonly Option<ulong> Seed = new("--seed") { Description = "Training seed (shuffling, dropout)", DefaultValueFactory = _ => 31 };
    private static readonly Option<double> Lr = new("--lr") { Description = "Peak learning rate", DefaultValueFactory = _ => 5e-5 };
    private static readonly Option<int> Epochs = new("--epochs") { Description = "Epochs", DefaultValueFactory = _ => 5 };
    private static readonly Option<int> BatchSize = new("--batch-size") { Description = "Batch size", DefaultValueFactory = _ => 16 };
    private static readonly Option<int> MaxLength = new("--max-length") { Description = "Max tokens per example", DefaultValueFactory = _ => 128 };
    private static readonly Option<double> WeightDecay = new("--weight-decay") { Description = "AdamW decoupled weight decay", DefaultValueFactory = _ => 0.0 };
    private static readonly Option<bool> DecayNormsAndBiases = new("--decay-norms-and-biases") { Description = "Apply --weight-decay to norm weights and biases too (default: weights only, as Hugging Face's Trainer)" };
    private static readonly Option<double> AdamBeta1 = new("--adam-beta1") { Description = "AdamW beta1", DefaultValueFactory = _ => 0.9 };
    private static readonly Option<double> AdamBeta2 = new("--adam-beta2") { Description = "AdamW beta2", DefaultValueFactory = _ => 0.999 };
    private static readonly Option<double> AdamEpsilon = new("--adam-epsilon") { Description = "AdamW epsilon", DefaultValueFactory = _ => 1e-8 };
    private static readonly Option<double?> HiddenDropout = new("--hidden-dropout") { Description = "Hidden-state dropout while training (default: the model config's)" };
    private static readonly Option<double?> AttentionDropout = new("--attention-dropout") { Description = "Attention-probability dropout while training (default: the model config's)" };
    private static readonly Option<double> MaxGradNorm = new("--max-grad-norm") { Description = "Global gradient-norm clipping", DefaultValueFactory = _ => 1.0 };
    private static readonly Option<string> Masking = new("--masking") { Description = "slices (efficient) or gradient (the paper's literal masking)", DefaultValueFactory = _ => "slices" };
    private static readonly Option<bool> GradientCheckpointing = new("--gradient-checkpointing") { Description = GradientCheckpointingHelp };
    private static readonly Option<int?> CheckpointEvery = new("--checkpoint-every") { Description = "Checkpoint every N steps (default: every epoch)" };
    private static readonly Option<ulong> SplitSeed = new("--split-seed") { Description = "Seed of the Pool A / Pool B split" };
    private static readonly Option<ulong> SampleSeed = new("--sample-seed") { Description = "Seed of the nested n-samples" };
    private static readonly Option<int> InitSeed = new("--init-seed") { Description = "Seed of a newly created classifier (encoders)" };
    private static readonly Option<string?> DataDir = new("--data-dir") { Description = "Dataset folder (default: CTSFT_DATA, else ~/.cache/ctsft/data)" };
    private static readonly Option<string> Out = new("--out") { Description = "Output folder", Required = true };
    private static readonly Option<bool> Force = new("--force") { Description = "Replace an output folder that holds another run" };
    private static readonly Option<bool> Resume = new("--resume") { Description = "Continue an interrupted run of --out from its last checkpoint" };

    public const string GradientCheckpointingHelp =
        "Keep only each layer's input in the forward and recompute the layer in the backward: less memory for about one more forward per step, the same results";

    public static Command Create()
    {
        var command = new Command("train", "Fine-tune a model with a parameter scope (full, norms, heads + norms, lora, ia3); writes the model, a circuit patch or PEFT adapter, the loss log and a run manifest");
        command.Arguments.Add(Model);
        var device = new DeviceOptions();
        device.AddTo(command);
        var precision = new PrecisionOption();
        precision.AddTo(command);
        var adapter = new AdapterOptions();
        adapter.AddTo(command);
        foreach (var option in new Option[] { Task, Language, N, Pool, Scope, Heads, HeadsFrom, MatchBudget, Adapter, XnliLanguages, Seed, Lr, Epochs, BatchSize, MaxLength, WeightDecay,
                     DecayNormsAndBiases, AdamBeta1, AdamBeta2, AdamEpsilon, HiddenDropout, AttentionDropout, MaxGradNorm, Masking, GradientCheckpointing, CheckpointEvery, SplitSeed, SampleSeed, InitSeed, DataDir, Out, Force, Resume })
            command.Options.Add(option);
        command.SetAction(parse => CommandAction.Run(() => Train(new TrainingRequest(
            parse.GetValue(Model)!, parse.GetValue(Task)!, parse.GetValue(Language)!, parse.GetValue(N)!,
            adapter.Apply(ParseScope(parse.GetValue(Scope), parse.GetValue(Heads), parse.GetValue(HeadsFrom)), parse),
            new TrainingSettings
            {
                LearningRate = parse.GetValue(Lr), Epochs = parse.GetValue(Epochs), BatchSize = parse.GetValue(BatchSize),
                MaxLength = parse.GetValue(MaxLength), WeightDecay = parse.GetValue(WeightDecay), MaxGradNorm = parse.GetValue(MaxGradNorm),
                DecayNormsAndBiases = parse.GetValue(DecayNormsAndBiases), Beta1 = parse.GetValue(AdamBeta1), Beta2 = parse.GetValue(AdamBeta2),
                Epsilon = parse.GetValue(AdamEpsilon), HiddenDropout = parse.GetValue(HiddenDropout), AttentionDropout = parse.GetValue(AttentionDropout),
                Seed = parse.GetValue(Seed), Masking = ParseMasking(parse.GetValue(Masking)!), CheckpointEvery = parse.GetValue(CheckpointEvery),
                GradientCheckpointing = parse.GetValue(GradientCheckpointing),
                Precision = precision.Read(parse),
            },
            parse.GetValue(Out)!, parse.GetValue(Pool), parse.GetValue(SplitSeed), parse.GetValue(SampleSeed), parse.GetValue(InitSeed),
            parse.GetValue(DataDir), parse.GetValue(Force), parse.GetValue(Resume), parse.GetValue(HeadsFrom),
            Ctsft.Data.Protocol.XnliLanguageSet.Parse(parse.GetValue(XnliLanguages)), device.Read(parse), Adapter: parse.GetValue(Adapter),
            MatchBudget: parse.GetValue(MatchBudget) is { } match ? new BudgetMatchRequest(match, adapter.TargetsGiven(parse)) : null))));
        return command;
    }

    public static GradientMasking ParseMasking(string text) => text.Trim().ToLowerInvariant() switch
    {
        "slices" => GradientMasking.Slices,
        "gradient" => GradientMasking.Gradient,
        _ => throw new BadSettingException("masking", $"{{masking}}: '{text}' is not a masking; use slices or gradient"),
    };

    /// <summary>The scope; with <c>--heads-from</c> it is heads, and its heads come from the file (the library reads it).</summary>
    public static ParameterScope ParseScope(string? scope, string? heads, string? headsFrom)
    {
        if (headsFrom is null) return ParameterScope.Parse(scope ?? "full", heads);
        if (scope is not null && !scope.Trim().Equals("heads", StringComparison.OrdinalIgnoreCase))
            throw new BadSettingException("heads_from", $"{{heads_from}} gives heads, but {{scope}} is {scope}; heads need scope heads");
        if (!string.IsNullOrWhiteSpace(heads))
            throw new BadSettingException("heads_from", "{heads_from} and {heads} both give heads; give one of them");
        return ParameterScope.OfHeads(Ctsft.Models.HeadSet.Empty);
    }

    public static int Train(TrainingRequest request)
    {
        try
        {
            var result = CommandAction.Cancellable(token => ProgressBar.Show(bar => TrainingRun.Execute(request, bar?.Steps, token)));
            var training = result.Training;
            if (training.Status == TrainingStatus.Interrupted)
            {
                AnsiConsole.MarkupLineInterpolated($"interrupted after step {training.StepsDone} of {training.TotalSteps}; continue with --resume (state in {result.Folder})");
                return CommandAction.Failure;
            }
            AnsiConsole.MarkupLineInterpolated(
                $"trained {result.TrainableEntries:N0} entries ({request.Scope}) for {training.StepsDone} steps, final loss {training.LastLoss:F4}: {result.Folder}");
            return CommandAction.Success;
        }
        catch (TrainingStoppedException e)
        {
            CommandAction.WriteError(e.Message);
            return CommandAction.Failure;
        }
    }
}
