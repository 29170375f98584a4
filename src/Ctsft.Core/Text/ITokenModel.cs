namespace Ctsft.Text;

/// <summary>A Hugging Face tokenizer model (BPE, WordPiece): turns one pre-tokenized word into vocabulary ids.</summary>
public interface ITokenModel
{
    /// <summary>One more than the largest id of the model's own vocabulary (added tokens not counted).</summary>
    int VocabularySize { get; }

    void Encode(string word, List<int> ids);

    int? TokenToId(string token);

    string? IdToToken(int id);
}
