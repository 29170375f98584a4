using Ctsft.Scopes;

namespace Ctsft.Training;

/// <summary>
/// Everything <c>ctsft train</c> takes: the model, the data (task, language, pool, n, seeds), the scope, the recipe
/// and where to write. <see cref="Pool"/> null: Pool A for the task's proxy language, Pool B otherwise (recorded).
/// <see cref="HeadsFrom"/>: <c>DIR/circuit.json[:set]</c>, the heads of a heads scope taken from a discovery (the
/// scope is then <c>heads</c> with no heads of its own). <see cref="XnliLanguages"/>: XNLI's run-level language set
/// (null = the proxy and <see cref="Language"/>). <see cref="File"/>: task <c>custom</c>, the language's user data file
/// (its train split is pooled as the protocol pools a language's training rows; <see cref="Pool"/> null means B).
/// <see cref="Adapter"/>: a PEFT adapter folder merged into the model when it
/// is loaded (training starts from base + adapter). <see cref="MatchBudget"/>: a lora scope takes the rank (and, unless its
/// targets were given, the projections) whose count is closest to a discovery's circuit.
/// </summary>
public sealed record TrainingRequest(
    string Model,
    string Task,
    string Language,
    string N,
    ParameterScope Scope,
    TrainingSettings Settings,
    string Out,
    string? Pool = null,
    ulong SplitSeed = 0,
    ulong SampleSeed = 0,
    int InitSeed = 0,
    string? DataDir = null,
    bool Force = false,
    bool Resume = false,
    string? HeadsFrom = null,
    IReadOnlyList<string>? XnliLanguages = null,
    Runtime.DeviceSelection? Device = null,
    Data.UserDataFile? File = null,
    string? Adapter = null,
    BudgetMatchRequest? MatchBudget = null)
{
    public const string AdapterSetting = "adapter";
}

/// <summary><c>--match-budget DIR/circuit.json[:set]</c>, and whether the LoRA targets were given (else the match chooses them).</summary>
public sealed record BudgetMatchRequest(string Circuit, bool TargetsGiven)
{
    public const string Setting = "match_budget";
}
