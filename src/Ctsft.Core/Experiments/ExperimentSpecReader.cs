using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ctsft.Experiments;

/// <summary>
/// Reads a spec (a JSON file or a preset's name) and checks it before anything runs: unknown keys, wrong types,
/// languages, arms, n beyond Pool B, depths the model cannot have, missing data. Every problem is listed at once.
/// </summary>
public static class ExperimentSpecReader
{
    public static IReadOnlyList<string> Keys { get; } =
        ["model", "task", "proxy", "targets", "n", "arms", "depths", "seeds", "proxy_n", "ratio", "per_iteration", "lr", "lr_search", "xnli_languages", "data_dir", "gradient_checkpointing", "precision"];

    /// <summary>The checked spec; a <see cref="BadInputException"/> lists every problem (each naming the file and the key).</summary>
    public static ExperimentSpec Load(string specOrPreset, StageExecutor executor, string? dataDirOverride = null, IReadOnlyList<double>? lrSearchOverride = null,
        string? precisionOverride = null)
    {
        JsonObject json;
        string source;
        string? folder = null;
        if (File.Exists(specOrPreset))
        {
            source = Path.GetFullPath(specOrPreset);
            folder = Path.GetDirectoryName(source);
            try
            {
                json = JsonNode.Parse(File.ReadAllText(specOrPreset)) as JsonObject
                       ?? throw new BadInputException($"{source}: a spec is a JSON object with the keys {string.Join(", ", Keys)}");
            }
            catch (JsonException e) { throw new BadInputException($"{source}: not valid JSON ({e.Message})"); }
        }
        else if (ExperimentPresets.Get(specOrPreset) is { } preset)
        {
            (source, json) = ($"preset {specOrPreset}", preset);
        }
        else
            throw new BadInputException($"spec '{specOrPreset}' is neither a file nor a preset; the presets are {string.Join(", ", ExperimentPresets.Names)}");
        if (dataDirOverride is not null) json["data_dir"] = dataDirOverride;
        if (precisionOverride is not null) json["precision"] = precisionOverride;
        if (lrSearchOverride is not null) json["lr_search"] = new JsonArray(lrSearchOverride.Select(r => (JsonNode?)r).ToArray());
        return Check(json, source, executor, folder);
    }

    /// <summary>
    /// The checked spec of <paramref name="json"/>; the message lists every problem and names <paramref name="source"/>.
    /// <paramref name="specFolder"/>: where relative file paths in the spec are read from.
    /// </summary>
    public static ExperimentSpec Check(JsonObject json, string source, StageExecutor executor, string? specFolder = null)
    {
        var (spec, problems) = Parse(json, executor, specFolder: specFolder);
        if (problems.Count > 0)
            throw new BadInputException($"{source}: {problems.Count} problem(s) in the spec:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
        return spec!;
    }

    /// <summary>
    /// The spec and its problems; <paramref name="checkEnvironment"/> false skips the model, data and build checks (a stored
    /// spec, whose user files are their hashes). A user file's relative path is taken from <paramref name="specFolder"/>.
    /// </summary>
    public static (ExperimentSpec? Spec, List<string> Problems) Parse(JsonObject json, StageExecutor executor, bool checkEnvironment = true,
        string? specFolder = null)
    {
        var checks = new SettingChecks(key => $"key '{key}'");
        foreach (var key in json.Select(p => p.Key).Where(k => !Keys.Contains(k)))
            checks.Add(key, $"unknown key; the keys are {string.Join(", ", Keys)}");
        var reader = new Reader(json, checks);
        var model = reader.String("model", required: true);
        var (taskName, user, hashes) = UserTaskReader.Read(json["task"], checks, checkEnvironment, specFolder);
        var task = checks.Task(taskName);
        var proxy = reader.String("proxy") ?? task?.ProxyLanguage ?? "";
        var targets = reader.List("targets", Value<string>, "a list of language codes", required: true);
        var ns = reader.List("n", Value<int>, "a list of integers", required: true);
        var armNames = reader.List("arms", Value<string>, "a list of arm names", required: true);
        var depths = reader.List("depths", Value<int>, "a list of integers", required: true);
        var seeds = reader.List("seeds", Value<ulong>, "a list of non-negative integers", required: true);
        var proxyN = json["proxy_n"] switch
        {
            null => "50",
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
            JsonValue v when v.TryGetValue<string>(out var text) => text,
            _ => Fail(checks, "proxy_n", "expected a number or \"all\"", "50"),
        };
        var ratio = reader.Number("ratio");
        var perIteration = reader.Integer("per_iteration");
        var lrSearch = reader.List("lr_search", Value<double>, "a list of learning rates");
        var xnli = reader.List("xnli_languages", Value<string>, "a list of language codes");
        var dataDir = reader.String("data_dir");
        var gradientCheckpointing = reader.Boolean("gradient_checkpointing") ?? false;
        var precision = Runtime.Precision.Fp32;
        if (reader.String("precision") is { } precisionText)
            try { precision = Runtime.Precisions.Parse(precisionText); }
            catch (BadSettingException) { checks.Add("precision", $"'{precisionText}' is not a precision; use {Runtime.Precisions.Values}"); }
        var rates = Rates(json["lr"], lrSearch, checks);

        checks.Language(task, "proxy", proxy);
        foreach (var target in targets ?? [])
        {
            checks.Language(task, "targets", target);
            if (target == proxy) checks.Add("targets", $"'{target}' is the proxy language");
        }
        var arms = new List<Arm>();
        foreach (var name in armNames ?? [])
            if (Experiments.Arms.TryParse(name, out var arm)) arms.Add(arm);
            else checks.Add("arms", $"'{name}' is not an arm; use {Experiments.Arms.NameList}");
        if (precision != Runtime.Precision.Fp32 && arms.Any(a => a.IsAdapter()))
            checks.Add("precision", $"{Runtime.Precisions.Name(precision)} does not support the adapter arms (lora, ia3): their adapters hook the fp32 projections; use fp32");
        if (task is not null) foreach (var n in ns ?? []) checks.N(n, executor.PoolBSize(taskName));
        if (task is not null) checks.ProxyN(proxyN, executor.PoolASize(taskName));
        if (user is not null && proxy.Length == 0) checks.Add("proxy", "is required with the user's files (one of the languages of task.files)");
        else if (checkEnvironment && user is not null)
            checks.UserFiles(taskName, user, proxy, targets ?? [], ns ?? [], arms.Any(a => a.NeedsCompetence()) ? proxyN : null, splitSeed: 0, fileSetting: "task");
        checks.Selection(ratio, perIteration);
        foreach (var rate in lrSearch ?? []) checks.Rate("lr_search", rate);
        foreach (var (list, key) in new (System.Collections.IList?, string)[] { ((System.Collections.IList?)targets, "targets"), (ns, "n"), (arms, "arms"), (depths, "depths"), (seeds, "seeds") })
        {
            if (list is { Count: 0 }) checks.Add(key, "is empty");
            if (list is not null && list.Cast<object>().Distinct().Count() != list.Count) checks.Add(key, "lists a value twice");
        }
        checks.XnliLanguages(task, xnli, new[] { proxy }.Concat(targets ?? []), taskName);
        if (checkEnvironment) checks.DataFiles(task, dataDir, new[] { proxy }.Concat(targets ?? []));
        if (checkEnvironment && model is not null)
            checks.Model(model, executor, arms.Any(a => a.DependsOnDepth()) ? depths ?? [] : [], perIteration);
        if (checks.Problems.Count > 0) return (null, checks.Problems);
        return (new ExperimentSpec
        {
            Model = model!, Task = task?.Key ?? Data.UserTask.Key, UserData = user, FileHashes = hashes, Proxy = proxy, Targets = targets!, N = ns!, Arms = arms, Depths = depths!, Seeds = seeds!,
            ProxyN = proxyN, Ratio = ratio, PerIteration = perIteration, Rates = rates, XnliLanguages = xnli, DataDir = dataDir,
            GradientCheckpointing = gradientCheckpointing,
            Precision = precision,
        }, checks.Problems);
    }

    /// <summary><c>lr</c>: one number for every stage, or a map arm -&gt; rate (and <c>stage1</c>); unnamed arms take 5e-5.</summary>
    private static LearningRates Rates(JsonNode? lr, IReadOnlyList<double>? search, SettingChecks checks)
    {
        var defaults = new LearningRates();
        switch (lr)
        {
            case null:
                return defaults with { Search = search };
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                var rate = Value<double>(v);
                checks.Rate("lr", rate);
                return new LearningRates(rate, rate, null, search);
            case JsonObject map:
                var perArm = new Dictionary<Arm, double>();
                var stage1 = defaults.Stage1;
                foreach (var (key, value) in map)
                {
                    if (value is not JsonValue number || number.GetValueKind() != JsonValueKind.Number) { checks.Add("lr", $"'{key}' must map to a number"); continue; }
                    var r = Value<double>(number);
                    checks.Rate("lr", r);
                    if (key == LearningRates.Stage1Key) stage1 = r;
                    else if (Experiments.Arms.TryParse(key, out var arm)) perArm[arm] = r;
                    else checks.Add("lr", $"'{key}' is not an arm or {LearningRates.Stage1Key}; use {Experiments.Arms.NameList}, {LearningRates.Stage1Key}");
                }
                return new LearningRates(stage1, defaults.Stage2, perArm, search);
            default:
                checks.Add("lr", "expected a number or a map of arm to number");
                return defaults;
        }
    }

    /// <summary>A JSON value as <typeparamref name="T"/>, whichever way the node was made (parsed or built).</summary>
    private static T Value<T>(JsonNode node) => node.Deserialize<T>() ?? throw new FormatException("null");

    private static T Fail<T>(SettingChecks checks, string key, string message, T fallback)
    {
        checks.Add(key, message);
        return fallback;
    }

    private sealed class Reader(JsonObject json, SettingChecks checks, string prefix = "")
    {
        public string? String(string key, bool required = false)
        {
            var node = json[key];
            if (node is null) { if (required) checks.Add(prefix + key, "is required"); return null; }
            if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String && Value<string>(v) is { Length: > 0 } text) return text;
            checks.Add(prefix + key, "expected a non-empty string");
            return null;
        }

        public double? Number(string key) => Scalar(key, Value<double>, "a number");
        public int? Integer(string key) => Scalar(key, Value<int>, "an integer");
        public bool? Boolean(string key) => Scalar(key, Value<bool>, "true or false");

        private T? Scalar<T>(string key, Func<JsonNode, T> read, string what) where T : struct
        {
            var node = json[key];
            if (node is null) return null;
            try { return read(node); }
            catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or JsonException) { checks.Add(prefix + key, $"expected {what}"); return null; }
        }

        public List<T>? List<T>(string key, Func<JsonNode, T> read, string what, bool required = false)
        {
            var node = json[key];
            if (node is null) { if (required) checks.Add(prefix + key, "is required"); return null; }
            if (node is not JsonArray array || array.Any(i => i is null)) { checks.Add(prefix + key, $"expected {what}"); return null; }
            try { return array.Select(i => read(i!)).ToList(); }
            catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or JsonException) { checks.Add(prefix + key, $"expected {what}"); return null; }
        }
    }
}
