using System.Globalization;

namespace Ctsft.Experiments;

/// <summary>
/// Learning rates of a transfer: stage 1's, a default for stage 2 and optional per-arm stage-2 rates; or, with
/// <see cref="Search"/>, stage 2 tries every candidate and keeps the one with the best target validation accuracy.
/// </summary>
public sealed record LearningRates(double Stage1 = 5e-5, double Stage2 = 5e-5, IReadOnlyDictionary<Arm, double>? PerArm = null,
    IReadOnlyList<double>? Search = null)
{
    public const string Stage1Key = "stage1";

    /// <summary>The candidates stage 2 tries for <paramref name="arm"/>: the search list, else its one rate.</summary>
    public IReadOnlyList<double> CandidatesFor(Arm arm) =>
        Search is { Count: > 0 } search ? search : [PerArm is not null && PerArm.TryGetValue(arm, out var rate) ? rate : Stage2];

    public static bool IsValid(double rate) => rate > 0 && rate <= 1 && double.IsFinite(rate);

    /// <summary>A rate as people write it: <c>5e-5</c>, <c>0.001</c>.</summary>
    public static string Text(double rate) =>
        rate.ToString("R", CultureInfo.InvariantCulture).Replace("E-0", "e-").Replace("E+0", "e+").Replace("E", "e");

    /// <summary><c>5e-5,1e-4,5e-4</c>; the message names <paramref name="setting"/>.</summary>
    public static IReadOnlyList<double> ParseList(string text, string setting)
    {
        var rates = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || !IsValid(rate))
                throw new BadInputException($"{setting}: '{part}' is not a learning rate in (0, 1]");
            if (rates.Contains(rate)) throw new BadInputException($"{setting}: {part} is listed twice");
            rates.Add(rate);
        }
        return rates;
    }
}
