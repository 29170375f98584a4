using Ctsft.Models;
using Ctsft.Scopes;

namespace Ctsft.Tests.Training;

public class BudgetTests
{
    private static TransformerModel Qwen05BStructure() =>
        ModelFactory.CreateStructure(ModelFactory.ReadConfig(Path.Combine(SharedFolder.Fixtures, "configs", "qwen2.5-0.5b", "config.json")));

    [Theory]
    [InlineData(6, "0.23%")]
    [InlineData(12, "0.44%")]
    [InlineData(18, "0.66%")]
    public void Qwen2_5_0_5B_head_budgets_match_the_paper_from_the_configuration_alone(int heads, string percent)
    {
        using var model = Qwen05BStructure();
        var (budget, spread) = ScopeBudget.OfHeadCount(model, heads);
        Assert.Equal(percent, budget.PaperPercentText);
        Assert.Equal(494_032_768 + 151_936L * 896, budget.PaperTotal);           // the tied output embedding counted again
        Assert.Equal(494_032_768, budget.DistinctTotal);
        Assert.Equal(heads * 4L * 896 * 64 + (24 * 2 + 1) * 896, budget.PaperTrainable);
        // Distinct: q rows + bias and o columns per head, k/v rows + biases per key/value group touched, all norms.
        var groups = (heads + 6) / 7;
        Assert.Equal(heads * (64 * 896 + 64 + 896 * 64) + groups * 2 * (64 * 896 + 64) + (24 * 2 + 1) * 896, budget.DistinctTrainable);
        Assert.Equal(heads * (64 * 896 + 64 + 896 * 64) + heads * 2 * (64 * 896 + 64) + (24 * 2 + 1) * 896, spread);
    }

    [Fact]
    public void Named_heads_of_one_group_share_their_key_value_rows_in_the_distinct_count()
    {
        using var model = Qwen05BStructure();
        var together = ScopeBudget.Of(model, ParameterScope.OfHeads(HeadSet.Parse("L3H0,L3H1")));
        var apart = ScopeBudget.Of(model, ParameterScope.OfHeads(HeadSet.Parse("L3H0,L3H7")));
        Assert.Equal(together.PaperTrainable, apart.PaperTrainable);
        Assert.Equal(2 * (64 * 896 + 64), apart.DistinctTrainable - together.DistinctTrainable);
    }

    [Fact]
    public void Full_and_norms_budgets_and_the_peft_line()
    {
        using var model = Qwen05BStructure();
        var full = ScopeBudget.Of(model, ParameterScope.Full);
        Assert.Equal(full.DistinctTotal, full.DistinctTrainable);
        Assert.Equal("trainable params: 494,032,768 || all params: 494,032,768 || trainable%: 100.0000", full.PeftLine());
        var norms = ScopeBudget.Of(model, ParameterScope.Norms);
        Assert.Equal(49 * 896, norms.DistinctTrainable);
        Assert.Equal(norms.DistinctTrainable, norms.PaperTrainable);
    }

    [Fact]
    public void Heads_outside_the_model_and_impossible_head_counts_are_refused_by_name()
    {
        using var model = Qwen05BStructure();
        var error = Assert.Throws<BadInputException>(() => ScopeBudget.Of(model, ParameterScope.OfHeads(HeadSet.Parse("L24H0"))));
        Assert.Contains("L24H0", error.Message);
        Assert.Equal("n_heads", Assert.Throws<BadSettingException>(() => ScopeBudget.OfHeadCount(model, 337)).Setting);
        Assert.Contains("empty", Assert.Throws<BadSettingException>(() => ParameterScope.Parse("heads", " ")).Message);
    }

    [Fact]
    public void An_encoder_budget_counts_distinct_entries_over_all_parameters_from_the_configuration_alone()
    {
        // fixtures-next/configs: XLM-R base has 277,453,056 parameters without pooler or LM head; a classifier
        // (dense + out_proj, two labels without id2label) is added for the task.
        var path = Path.Combine(SharedFolder.FixturesNext, "configs", "xlm-roberta-base", "config.json");
        using var model = ModelFactory.CreateStructure(ModelFactory.ReadConfig(path));
        const long hidden = 768, head = 64, layers = 12;
        var classifier = hidden * hidden + hidden + 2 * hidden + 2;
        Assert.Equal(277_453_056L + classifier, model.CountParameters());

        var budget = ScopeBudget.Of(model, ParameterScope.OfHeads(HeadSet.Parse("L0H0,L5H3,L11H11")));
        Assert.Equal(model.CountParameters(), budget.DistinctTotal);
        Assert.Equal(budget.DistinctTotal, budget.PaperTotal);                      // no output embedding to count again
        var norms = (2 * layers + 1) * 2 * hidden;                                      // every LayerNorm weight and bias
        Assert.Equal(3 * (3 * (head * hidden + head) + hidden * head) + norms, budget.DistinctTrainable);
        Assert.Equal(3 * 4 * hidden * head + norms, budget.PaperTrainable);
    }
}
