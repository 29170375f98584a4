namespace Ctsft.Training;

/// <summary>
/// What a checkpoint must match to be resumed: the base model's weights (hash of the tensors), the scope, the
/// masking, the recipe and the training examples (hash of their ids in order).
/// </summary>
public sealed record RunIdentity(string BaseModelHash, string Scope, string Masking, string Recipe, string ExamplesHash)
{
    /// <summary>Throws naming the first field in which <paramref name="saved"/> (from <paramref name="location"/>) differs.</summary>
    public void RequireSameAs(RunIdentity saved, string location)
    {
        if (saved.BaseModelHash != BaseModelHash)
            throw new BadSettingException("force",
                $"{location}: the checkpoint was made from another model (weights {saved.BaseModelHash[..12]}…, this run's model is {BaseModelHash[..12]}…); set {{force}} to start over");
        void Same(string what, string a, string b)
        {
            if (a != b) throw new BadSettingException("force", $"{location}: the checkpoint was made with {what} '{a}', this run has '{b}'; set {{force}} to start over");
        }
        Same("scope", saved.Scope, Scope);
        Same("masking", saved.Masking, Masking);
        Same("recipe", saved.Recipe, Recipe);
        Same("training examples", saved.ExamplesHash, ExamplesHash);
    }
}
