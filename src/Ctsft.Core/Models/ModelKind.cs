namespace Ctsft.Models;

/// <summary>Decoders (Qwen2/Llama) answer with a label token; encoders (BERT) classify with a head on the first token.</summary>
public enum ModelKind { Decoder, Encoder }
