namespace Ctsft.Text;

/// <summary>A Hugging Face pre-tokenizer: splits normalized text into the words the model encodes one by one.</summary>
public interface IPreTokenizer
{
    IEnumerable<string> Split(string text);
}
