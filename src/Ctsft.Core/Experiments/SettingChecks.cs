using Ctsft.Data;
using Ctsft.Data.Acquisition;
using Ctsft.Models;

namespace Ctsft.Experiments;

/// <summary>
/// Checks shared by <c>ctsft run</c> and experiment specs; each adds one message per problem, naming the setting
/// (an option or a spec key) through <paramref name="name"/>, so that every problem is listed at once.
/// </summary>
public sealed class SettingChecks(Func<string, string> name)
{
    public List<string> Problems { get; } = [];

    /// <summary>The setting of the first problem (null while there is none).</summary>
    public string? FirstSetting { get; private set; }

    public void Add(string setting, string message)
    {
        FirstSetting ??= setting;
        Problems.Add($"{name(setting)}: {message}");
    }

    /// <summary>A benchmark task by key; null for task custom (the user's files, <see cref="UserFiles"/>) and for an unknown one.</summary>
    public DataTask? Task(string task)
    {
        if (task == UserTask.Key) return null;
        var found = DataTasks.All.FirstOrDefault(t => t.Key.Equals(task, StringComparison.OrdinalIgnoreCase));
        if (found is null) Add("task", $"'{task}' is not a task; use {string.Join(", ", DataTasks.All.Select(t => t.Key))} or {UserTask.Key} (the user's files)");
        return found;
    }

    /// <summary>
    /// Task custom: every file is read whole (columns, texts, labels of the task, splits), each target's Pool B holds
    /// every n and the proxy's Pool A the stage-1 size (<paramref name="proxyN"/>, null when no arm needs stage 1).
    /// </summary>
    /// <param name="fileSetting">The setting that names the files (a spec's <c>task</c>); null: <c>proxy_file</c> and <c>target_file</c>.</param>
    public void UserFiles(string task, UserTask? user, string proxy, IEnumerable<string> targets, IEnumerable<int> ns, string? proxyN, ulong splitSeed,
        string? fileSetting = null)
    {
        if (task != UserTask.Key)
        {
            if (user is not null) Add("proxy_file", $"the user's files are task {UserTask.Key}'s (the task is {task})");
            return;
        }
        if (user is null) { Add("task", $"task {UserTask.Key} needs the user's files ({name("proxy_file")}, {name("target_file")})"); return; }
        IReadOnlyList<string> labels;
        try { labels = user.LabelsFor(proxy); }
        catch (BadInputException e) { Add(fileSetting ?? "proxy_file", e.Message); return; }
        catch (KeyNotFoundException) { Add(fileSetting ?? "proxy_file", $"no file for the proxy '{proxy}'"); return; }
        foreach (var language in targets.Prepend(proxy).Distinct())
        {
            var setting = fileSetting ?? (language == proxy ? "proxy_file" : "target_file");
            if (!user.Files.TryGetValue(language, out var path)) { Add(setting, $"no file for '{language}'"); continue; }
            IReadOnlyDictionary<string, int> sizes;
            try { sizes = user.For(language, labels).SplitSizes(splitSeed); }
            catch (BadInputException e) { Add(setting, e.Message); continue; }
            foreach (var split in sizes.Where(p => p.Value == 0).Select(p => p.Key))
                Add(setting, $"{path}: no rows of the {split} split; a transfer needs train, validation and test rows");
            var poolB = UserDataFile.PoolBSize(sizes["train"]);
            if (language != proxy)
                foreach (var n in ns.Distinct().Where(n => n < 1 || n > poolB))
                    Add("n", $"{n} is out of range: Pool B of {path} holds {poolB} examples (its train split has {sizes["train"]} rows), so n must be 1..{poolB}");
            var poolA = sizes["train"] - poolB;
            if (language == proxy && proxyN is not null
                && (poolA == 0 || (proxyN != "all" && (!int.TryParse(proxyN, out var k) || k < 1 || k > poolA))))
                Add("proxy_n", $"'{proxyN}' is not a stage-1 size: Pool A of {path} holds {poolA} examples (its train split has {sizes["train"]} rows, {poolB} of them Pool B); give 1..{poolA} or all");
        }
    }

    public void Language(DataTask? task, string setting, string language)
    {
        if (task is not null && !task.Languages.Contains(language))
            Add(setting, $"'{language}' is not a {task.Name} language; it has: {string.Join(", ", task.Languages)}");
    }

    public void N(int n, int poolB)
    {
        if (n < 1 || n > poolB) Add("n", $"{n} is out of range: Pool B holds {poolB} examples of each language, so n must be 1..{poolB}");
    }

    public void ProxyN(string proxyN, int poolA)
    {
        if (proxyN == "all") return;
        if (!int.TryParse(proxyN, out var n) || n < 1 || n > poolA)
            Add("proxy_n", $"'{proxyN}' is not a stage-1 size: give 1..{poolA} (Pool A) or all");
    }

    public void Selection(double? ratio, int? perIteration)
    {
        if (ratio is not null && perIteration is not null) Add("ratio", $"give ratio or {name("per_iteration")}, not both");
        if (ratio is { } r && !(r > 0 && r <= 1)) Add("ratio", $"{r} must be in (0, 1]");
        if (perIteration is < 1) Add("per_iteration", $"{perIteration} must be at least 1");
    }

    public void Rate(string setting, double rate)
    {
        if (!LearningRates.IsValid(rate)) Add(setting, $"{LearningRates.Text(rate)} is not a learning rate in (0, 1]");
    }

    public void XnliLanguages(DataTask? task, IReadOnlyList<string>? languages, IEnumerable<string> needed, string? taskName = null)
    {
        if (languages is not null && taskName == UserTask.Key) { Add("xnli_languages", $"applies to the xnli task only (task is {UserTask.Key})"); return; }
        if (languages is null || task is null) return;
        if (task.Key != Xnli.Task.Key) { Add("xnli_languages", $"applies to the xnli task only (task is {task.Key})"); return; }
        foreach (var l in languages) Language(task, "xnli_languages", l);
        foreach (var l in needed.Where(l => !languages.Contains(l)))
            Add("xnli_languages", $"must include every language of the run; '{l}' is missing");
    }

    /// <summary>Every dataset file the languages need, each missing one named.</summary>
    public void DataFiles(DataTask? task, string? dataDir, IEnumerable<string> languages)
    {
        if (task is null) return;
        var folder = DataDirectory.Resolve(dataDir);
        if (dataDir is not null && !Directory.Exists(folder)) { Add("data_dir", $"{folder} does not exist"); return; }
        foreach (var language in languages.Distinct().Where(task.Languages.Contains))
            foreach (var split in task.Splits)
            {
                var path = task.FilePath(folder, language, split);
                if (!File.Exists(path)) Add("data_dir", $"{path}: file not found; run `ctsft data get {task.Key}` or point the data folder at one holding {task.Folder}/");
            }
    }

    /// <summary>The model's configuration (null after adding the problem); depth and per-iteration are checked against it.</summary>
    public TransformerConfig? Model(string model, StageExecutor executor, IEnumerable<int> headDepths, int? perIteration)
    {
        TransformerConfig config;
        try
        {
            config = executor.ReadConfig(executor.ResolveModel(model));
        }
        catch (BadInputException e) { Add("model", e.Message); return null; }
        catch (Exception e) when (e is IOException or Hub.HubException or UnauthorizedAccessException) { Add("model", $"'{model}' cannot be read: {e.Message}"); return null; }
        foreach (var depth in headDepths.Distinct())
        {
            if (depth < 0) Add("depths", $"{depth} must be 0 or more");
            else if (depth > config.NumLayers - 1)
                Add("depths", $"{depth} cannot be reached: the model has {config.NumLayers} layers, so the deepest selection is {config.NumLayers - 1}");
        }
        if (perIteration > config.TotalHeads) Add("per_iteration", $"{perIteration} exceeds the model's {config.TotalHeads} heads");
        return config;
    }
}
