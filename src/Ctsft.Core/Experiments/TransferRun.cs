using System.Text.Json.Nodes;
using Ctsft.Circuits;
using Ctsft.Scopes;

namespace Ctsft.Experiments;

/// <summary>
/// One transfer, end to end (issue 9 section 3): stage 1 on the proxy's Pool A (the competence checkpoint), discovery
/// on it, stage 2 of the arm on the target's Pool B n-sample (each candidate learning rate, the best by target
/// validation accuracy), evaluation on the target test set and the proxy test set, and the competence checkpoint on
/// the target (A0). Competence checkpoints, discoveries, stage-2 runs and evaluations are cached by the hash of what
/// they depend on and reused by every later transfer that needs them.
/// </summary>
public static class TransferRun
{
    public const string ResultFormat = "ctsft-transfer-result/1";

    public static TransferResult Execute(TransferSettings s, TransferContext context)
    {
        TransferValidation.Check(s, context.Executor);
        s = s.WithRunLanguages();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var timer = new StageTimer(context.Progress);
        var executor = context.Executor;
        var files = new TransferData(s);
        var data = files.Describe([s.Proxy, s.Target]);
        var modelFolder = executor.ResolveModel(s.Model);
        var config = executor.ReadConfig(modelFolder);
        var baseHash = executor.HashModelFolder(modelFolder);
        var run = new Stages(s, context, timer, files);

        var metrics = new JsonObject();
        string start, startKey;
        CacheKey? stage1 = null;
        if (s.Arm.NeedsCompetence())
        {
            stage1 = CacheKey.Of("stage1", files.Identify(new JsonObject
            {
                ["base_model_sha256"] = baseHash, ["task"] = s.Task, ["language"] = s.Proxy, ["data_sha256"] = files.Hash(s.Proxy, "train"),
                ["pool"] = "A", ["n"] = s.ProxyN, ["split_seed"] = s.SplitSeed, ["sample_seed"] = s.DataSampleSeed,
                ["training_seed"] = s.Stage1TrainingSeed, ["learning_rate"] = s.Rates.Stage1, ["recipe"] = "method.md section 4 defaults",
                ["xnli_languages"] = Languages(s.XnliLanguages),
            }));
            var folder = run.Train(TransferStages.Stage1, stage1, $"stage 1: {s.Proxy}, Pool A n {s.ProxyN}",
                new TransferStageTraining(s.Model, s.Task, s.Proxy, s.ProxyN, "A", ParameterScope.Full, s.Rates.Stage1, s.Stage1TrainingSeed,
                    s.SplitSeed, s.DataSampleSeed, s.DataDir, s.XnliLanguages, files.File(s.Proxy), s.Precision));
            start = StageExecutor.TrainedModelFolder(folder);
            startKey = stage1.ToString();
            metrics["a0"] = run.Evaluate(TransferStages.Competence, stage1, () => start, s.Target, "test");
            metrics["competence_proxy"] = run.Evaluate(TransferStages.Competence, stage1, () => start, s.Proxy, "test");
        }
        else
        {
            start = s.Model;
            startKey = "base/" + baseHash;
        }

        DiscoveredHeads? heads = null;
        CacheKey? discovery = null;
        if (s.Arm.DependsOnDepth())
        {
            var depth = Math.Max(s.Depth, Math.Min(2, config.NumLayers - 1));
            var discoveryPrecision = DiscoveryPrecision.Effective(s.Precision);
            discovery = CacheKey.Of("discovery", DiscoveryPrecision.Record(discoveryPrecision, files.Identify(new JsonObject
            {
                ["competence"] = stage1!.ToString(), ["task"] = s.Task, ["language"] = s.Proxy, ["data_sha256"] = files.Describe([s.Proxy]),
                ["max_depth"] = depth, ["ratio"] = s.PerIteration is null ? s.Ratio : null, ["per_iteration"] = s.PerIteration,
                ["split_seed"] = s.SplitSeed, ["seed"] = s.DiscoverySeed, ["mean_size"] = s.MeanSize, ["discovery_size"] = s.DiscoverySize,
                ["xnli_languages"] = Languages(s.XnliLanguages),
            })));
            var folder = run.Discover(discovery, new TransferStageDiscovery(start, s.Task, s.Proxy, depth, s.Ratio, s.PerIteration,
                s.SplitSeed, s.DiscoverySeed, s.DataDir, s.MeanSize, s.DiscoverySize, s.XnliLanguages, files.File(s.Proxy), discoveryPrecision));
            heads = DiscoveredHeads.Read(StageExecutor.CircuitFile(folder), s.Depth, s.DiscoverySeed);
        }

        var match = s.Arm == Arm.Lora ? executor.MatchBudget(config, Adapters.AdapterSpec.Lora(withNorms: true), heads!.Circuit) : null;
        var scope = s.Arm switch
        {
            Arm.Full or Arm.Direct => ParameterScope.Full,
            Arm.Norms => ParameterScope.Norms,
            Arm.Lora => ParameterScope.OfAdapter(match!.Spec),
            Arm.Ia3 => ParameterScope.OfAdapter(Adapters.AdapterSpec.Ia3(withNorms: true)),
            _ => ParameterScope.OfHeads(heads!.For(s.Arm)),
        };
        var candidates = new List<(double Rate, CacheKey Key, Func<string> Trained, JsonObject? Validation)>();
        foreach (var rate in s.Rates.CandidatesFor(s.Arm))
        {
            var inputs = files.Identify(new JsonObject
            {
                ["start"] = startKey, ["task"] = s.Task, ["language"] = s.Target, ["data_sha256"] = files.Hash(s.Target, "train"),
                ["pool"] = "B", ["n"] = s.N, ["split_seed"] = s.SplitSeed, ["sample_seed"] = s.DataSampleSeed, ["training_seed"] = s.Stage2TrainingSeed,
                ["learning_rate"] = rate, ["scope"] = scope.Name, ["heads"] = scope.Heads.ToString(), ["recipe"] = "method.md section 4 defaults",
                ["xnli_languages"] = Languages(s.XnliLanguages),
            });
            if (scope.Adapter is { } adapter) inputs["adapter"] = adapter.ToString();   // only adapter scopes: the other arms' keys are unchanged
            var key = CacheKey.Of("stage2", inputs);
            var training = new TransferStageTraining(start, s.Task, s.Target, s.N.ToString(System.Globalization.CultureInfo.InvariantCulture), "B",
                scope, rate, s.Stage2TrainingSeed, s.SplitSeed, s.DataSampleSeed, s.DataDir, s.XnliLanguages, files.File(s.Target), s.Precision);
            var folder = StageExecutor.TrainedModelFolder(run.Train(TransferStages.Stage2, key,
                $"stage 2: {s.Arm.Name()} on {s.Target}, n {s.N}, lr {LearningRates.Text(rate)}", training));
            var trained = () => folder;
            var validation = s.Rates.Search is { Count: > 0 } ? run.Evaluate(TransferStages.Evaluation, key, trained, s.Target, "valid") : null;
            candidates.Add((rate, key, trained, validation));
        }
        var chosen = candidates.OrderByDescending(c => c.Validation?["accuracy"]?.GetValue<double>() ?? 0).First();
        metrics["target_test"] = run.Evaluate(TransferStages.Evaluation, chosen.Key, chosen.Trained, s.Target, "test");
        metrics["proxy_test"] = run.Evaluate(TransferStages.Evaluation, chosen.Key, chosen.Trained, s.Proxy, "test");
        if (metrics["competence_proxy"] is JsonObject competence)
            metrics["forgetting"] = competence["accuracy"]!.GetValue<double>() - metrics["proxy_test"]!["accuracy"]!.GetValue<double>();

        var stage2Folder = context.Cache.FolderOf(chosen.Key);
        var json = TransferResult.Describe(s, modelFolder, baseHash, data, stage1, context.Cache, discovery, heads, scope, candidates, chosen.Rate,
            stage2Folder, metrics, timer.Seconds, clock.Elapsed.TotalSeconds);
        if (files.UserDataJson([s.Proxy, s.Target]) is { } user) json["data"]!["user_files"] = user;
        if (scope.Adapter is { } spec)
        {
            json["arm"]!["adapter"] = spec.ToString();
            json["arm"]!["budget_match"] = match is null ? null : new JsonObject
            {
                ["circuit_heads"] = heads!.Circuit.Count, ["circuit_trainable"] = match.CircuitTrainable, ["lora_trainable"] = match.AdapterTrainable,
                ["rank"] = match.Spec.Rank, ["targets"] = Models.ProjectionRoles.ListText(match.Spec.Targets),
                ["rule"] = match.Rule,
            };
        }
        return TransferResult.From(json);
    }

    private static JsonArray? Languages(IReadOnlyList<string>? languages) =>
        languages is null ? null : new JsonArray(languages.Select(l => (JsonNode?)l).ToArray());

    /// <summary>The cached stages of one transfer, each timed and reported.</summary>
    private sealed class Stages(TransferSettings s, TransferContext context, StageTimer timer, TransferData files)
    {
        public string Train(string stage, CacheKey key, string detail, TransferStageTraining training) =>
            timer.Run(stage, detail, () => context.Cache.GetOrCreate(key, output =>
                context.Executor.Train(training, output, Report(stage, detail), context.Cancellation, staging => StageCache.WriteKey(staging, key)),
                context.Cancellation, Waiting(stage))).Folder;

        public string Discover(CacheKey key, TransferStageDiscovery discovery) =>
            timer.Run(TransferStages.Discovery, $"discovery on {discovery.Language}, depth {discovery.Depth}", () => context.Cache.GetOrCreate(key,
                output => StageCache.Publish(output, key, staging => context.Executor.Discover(discovery, staging,
                    new InlineProgress<Circuits.DiscoveryProgress>(p => Advance(TransferStages.Discovery, p.Stage, p.Done, p.Total)), context.Cancellation)),
                context.Cancellation, Waiting(TransferStages.Discovery))).Folder;

        public JsonObject Evaluate(string stage, CacheKey of, Func<string> model, string language, string split)
        {
            var key = CacheKey.Of("eval", files.Identify(new JsonObject
            {
                ["model"] = of.ToString(), ["task"] = s.Task, ["language"] = language, ["split"] = split,
                ["data_sha256"] = files.Hash(language, split), ["xnli_languages"] = Languages(s.XnliLanguages),
            }));
            var detail = $"{of.Kind} model on {language} {split}";
            var folder = timer.Run(stage, detail, () => context.Cache.GetOrCreate(key,
                output => StageCache.Publish(output, key, staging => context.Executor.Evaluate(model(), s.Task, language, split, s.DataDir, s.XnliLanguages, staging,
                    new InlineProgress<Evaluation.EvaluationProgress>(p => Advance(stage, detail, p.Done, p.Total)), s.SplitSeed, files.File(language),
                    context.Cancellation, s.Precision)),
                context.Cancellation, Waiting(stage))).Folder;
            return TransferResult.EvaluationJson(folder, language, split);
        }

        private IProgress<Training.TrainingProgress> Report(string stage, string detail) =>
            new InlineProgress<Training.TrainingProgress>(p => Advance(stage, $"{detail}: epoch {p.Epoch}/{p.Epochs} loss {p.Loss:F4}", p.Step, p.TotalSteps));

        private void Advance(string stage, string detail, double done, double total) =>
            context.Progress?.Report(new TransferProgress(stage, TransferEvent.Advanced, detail, done, total));

        private Action Waiting(string stage) => () => Advance(stage, "waiting for another process computing the same stage", 0, 0);
    }
}
