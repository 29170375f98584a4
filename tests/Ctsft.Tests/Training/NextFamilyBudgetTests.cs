using Ctsft.Models;
using Ctsft.Scopes;
using Ctsft.Tests.Cli;

namespace Ctsft.Tests.Training;

/// <summary>
/// The paper's budget (method.md section 6, d_head = head_dim) from the real configurations of Qwen3-0.6B and
/// Llama-3.2-1B alone (fixtures-next/configs): totals and percentages of the configs' README.
/// </summary>
public class NextFamilyBudgetTests
{
    private static string Config(string name) => Path.Combine(SharedFolder.FixturesNext, "configs", name, "config.json");

    private static TransformerModel Structure(string name) => ModelFactory.CreateStructure(ModelFactory.ReadConfig(Config(name)));

    [Theory]
    [InlineData("qwen3-0.6b", 8, "0.57%")]
    [InlineData("qwen3-0.6b", 16, "1.12%")]
    [InlineData("qwen3-0.6b", 24, "1.68%")]
    [InlineData("llama-3.2-1b", 10, "0.35%")]
    [InlineData("llama-3.2-1b", 20, "0.70%")]
    [InlineData("llama-3.2-1b", 30, "1.05%")]
    public void Head_budgets_match_the_paper_formula_with_head_dim(string name, int heads, string percent)
    {
        using var model = Structure(name);
        var config = model.Config;
        var (budget, _) = ScopeBudget.OfHeadCount(model, heads);
        Assert.Equal(percent, budget.PaperPercentText);
        Assert.Equal(4L * config.HiddenSize * config.HeadDim, ScopeBudget.PaperHeadCharge(config));
        Assert.Equal(heads * 524_288L + Norms(name), budget.PaperTrainable);
    }

    [Theory]
    [InlineData("qwen3-0.6b", 596_049_920L, 751_632_384L)]
    [InlineData("llama-3.2-1b", 1_235_814_400L, 1_498_482_688L)]
    public void Parameter_totals_count_q_k_norms_and_the_tied_output_embedding(string name, long distinct, long paper)
    {
        using var model = Structure(name);
        var full = ScopeBudget.Of(model, ParameterScope.Full);
        Assert.Equal(distinct, full.DistinctTotal);
        Assert.Equal(paper, full.PaperTotal);
        Assert.Equal(Norms(name), ScopeBudget.Of(model, ParameterScope.Norms).DistinctTrainable);
    }

    [Theory]
    [InlineData("qwen3-0.6b", "8", "0.57%")]
    [InlineData("qwen3-0.6b", "16", "1.12%")]
    [InlineData("qwen3-0.6b", "24", "1.68%")]
    [InlineData("llama-3.2-1b", "10", "0.35%")]
    [InlineData("llama-3.2-1b", "20", "0.70%")]
    [InlineData("llama-3.2-1b", "30", "1.05%")]
    public void Budget_command_prints_the_paper_percentage_from_the_config(string name, string heads, string percent)
    {
        var result = CtsftProcess.Run("budget", Config(name), "--n-heads", heads);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains(percent, result.Output);
    }

    /// <summary>Every norm weight (README of fixtures-next/configs): Qwen3's q/k norms are norms.</summary>
    private static long Norms(string name) => name switch
    {
        "qwen3-0.6b" => 28 * (1024 + 128 + 128 + 1024) + 1024,  // 65,536
        _ => 16 * 2 * 2048 + 2048,                             // 67,584
    };
}
