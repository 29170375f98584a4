using System.Text.Json;
using Ctsft.Checkpoints;
using static TorchSharp.torch;

namespace Ctsft.Training;

/// <summary>The position a checkpoint resumes from: steps done, and what the run was.</summary>
public sealed record CheckpointState(long Step, RunIdentity Identity);

/// <summary>
/// A resumable checkpoint in one folder: the trainable tensors' values (<c>trainable.safetensors</c>), the
/// optimiser's moments (<c>optimizer.safetensors</c>) and <c>state.json</c> (step and identity). Shuffling and
/// dropout are seeded per epoch and per step, so the step is the whole random state. A new checkpoint is
/// written beside the old one and swapped in, so a kill at any moment leaves one complete checkpoint.
/// </summary>
public sealed class TrainingCheckpoint(string folder)
{
    private const string Trainable = "trainable.safetensors", Optimizer = "optimizer.safetensors", StateFile = "state.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string Folder { get; } = Path.GetFullPath(folder);
    private string Previous => Folder + ".previous";

    public bool Exists => File.Exists(Path.Combine(Folder, StateFile)) || File.Exists(Path.Combine(Previous, StateFile));

    public void Save(long step, RunIdentity identity, IReadOnlyList<TrainableTensor> tensors, MaskedAdamW optimizer)
    {
        var staging = Folder + ".writing";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        SafetensorsWriter.Write(Path.Combine(staging, Trainable), tensors.ToDictionary(t => t.Name, t => t.Value.detach(), StringComparer.Ordinal));
        using (var scope = NewDisposeScope())
            SafetensorsWriter.Write(Path.Combine(staging, Optimizer), optimizer.State());
        File.WriteAllText(Path.Combine(staging, StateFile), JsonSerializer.Serialize(new CheckpointState(step, identity), Json));
        if (Directory.Exists(Previous)) Directory.Delete(Previous, recursive: true);
        if (Directory.Exists(Folder)) Directory.Move(Folder, Previous);
        Directory.Move(staging, Folder);
        if (Directory.Exists(Previous)) Directory.Delete(Previous, recursive: true);
    }

    /// <summary>Reads the state (step and identity) without touching tensors.</summary>
    public CheckpointState ReadState()
    {
        var path = Path.Combine(Complete(), StateFile);
        try
        {
            return JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(path))
                ?? throw new BadInputException($"{path}: empty checkpoint state");
        }
        catch (JsonException e)
        {
            throw new BadInputException($"{path}: not a checkpoint state ({e.Message})");
        }
    }

    /// <summary>Restores the tensors' values and the optimiser; returns the step to continue from.</summary>
    public long Restore(RunIdentity identity, IReadOnlyList<TrainableTensor> tensors, MaskedAdamW optimizer)
    {
        var folder = Complete();
        var state = ReadState();
        identity.RequireSameAs(state.Identity, folder);
        using (var values = SafetensorsFile.Open(Path.Combine(folder, Trainable)))
        using (var noGrad = no_grad())
            foreach (var tensor in tensors)
            {
                using var saved = values.ReadTensor(tensor.Name);
                if (!saved.shape.SequenceEqual(tensor.Value.shape))
                    throw new BadInputException($"{values.Location}: '{tensor.Name}' has shape [{string.Join(",", saved.shape)}], the run's is [{string.Join(",", tensor.Value.shape)}]");
                tensor.Value.copy_(saved);
            }
        using (var moments = SafetensorsFile.Open(Path.Combine(folder, Optimizer)))
            optimizer.Load(moments.ReadTensor, state.Step, moments.Location);
        return state.Step;
    }

    public void Delete()
    {
        foreach (var path in new[] { Folder, Previous, Folder + ".writing" })
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
    }

    private string Complete() =>
        File.Exists(Path.Combine(Folder, StateFile)) ? Folder
        : File.Exists(Path.Combine(Previous, StateFile)) ? Previous
        : throw new BadInputException($"{Folder}: no checkpoint to resume from");
}
