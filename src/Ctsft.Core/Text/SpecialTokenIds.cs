namespace Ctsft.Text;

/// <summary>The ids of a tokenizer's named special tokens; null where the tokenizer has none.</summary>
public sealed record SpecialTokenIds(
    int? Pad = null, int? Unknown = null, int? Bos = null, int? Eos = null, int? Cls = null, int? Sep = null, int? Mask = null);
