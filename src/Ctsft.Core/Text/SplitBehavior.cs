namespace Ctsft.Text;

/// <summary>What the Split pre-tokenizer does with the text a pattern matches (Hugging Face's SplitDelimiterBehavior).</summary>
public enum SplitBehavior
{
    Removed,
    Isolated,
    MergedWithPrevious,
    MergedWithNext,
    Contiguous,
}
