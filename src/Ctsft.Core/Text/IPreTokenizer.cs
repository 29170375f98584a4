namespace Ctsft.Text;

/// <summary>A Hugging Face pre-tokenizer: splits normalized text into the words the model encodes one by one.</summary>
public interface IPreTokenizer
{
    IEnumerable<string> Split(string text);

    /// <summary>
    /// Splits a piece of a text, saying whether it starts the text or follows an added token cut out of it;
    /// only Metaspace's <c>prepend_scheme: first</c> treats the two differently.
    /// </summary>
    IEnumerable<string> Split(string text, bool startsText) => Split(text);
}
