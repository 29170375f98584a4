namespace Ctsft.Text;

/// <summary>Lays encoded rows into padded [rows, width] arrays.</summary>
internal static class BatchPadding
{
    public static TokenBatch Pad(IReadOnlyList<TokenEncoding> rows, BatchEncodingOptions options, int? padId, string source)
    {
        var longest = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        var width = options.Padding == PaddingStrategy.MaxLength
            ? Math.Max(longest, options.MaxLength ?? throw new ArgumentException("padding to max length needs a MaxLength", nameof(options)))
            : longest;
        if (padId is null && rows.Any(r => r.Count < width))
            throw new BadInputException($"{source} has no pad token (no pad_token or eos_token in tokenizer_config.json, no padding in tokenizer.json), so a batch of unequal lengths cannot be padded");
        var ids = new long[rows.Count, width];
        var mask = new long[rows.Count, width];
        var typeIds = new long[rows.Count, width];
        var lengths = new int[rows.Count];
        for (var row = 0; row < rows.Count; row++)
        {
            var encoding = rows[row];
            var offset = options.PaddingSide == PaddingSide.Left ? width - encoding.Count : 0;
            for (var column = 0; column < width; column++)
                ids[row, column] = padId ?? 0;
            for (var i = 0; i < encoding.Count; i++)
            {
                ids[row, offset + i] = encoding.Ids[i];
                mask[row, offset + i] = 1;
                typeIds[row, offset + i] = encoding.TypeIds[i];
            }
            lengths[row] = encoding.Count;
        }
        return new TokenBatch(ids, mask, typeIds, lengths);
    }
}
