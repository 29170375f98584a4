using System.Collections.Concurrent;
using System.Text;

namespace Ctsft.Text;

/// <summary>
/// Hugging Face's Unigram model (SentencePiece's, as in XLM-R): a word is cut into the pieces of the best
/// path, the one with the highest sum of piece scores, found by Viterbi over the word's characters.
/// A character that no one-character piece covers gets an unknown node scoring (lowest score - 10);
/// consecutive unknowns on the best path become one unknown token (or, with byte fallback, the
/// <c>&lt;0xXX&gt;</c> pieces of their bytes). Ties keep the path whose last piece starts earliest: start
/// positions are scanned left to right and a path ending at a position is replaced only by a strictly
/// better one. Scores are doubles, as Hugging Face reads them.
/// </summary>
public sealed class UnigramModel : ITokenModel
{
    private const double UnknownPenalty = 10.0;
    private const int CacheCapacity = 200_000;

    private readonly Vocabulary vocabulary;
    private readonly double[] scores;
    private readonly PieceTrie trie = new();
    private readonly double unknownScore;
    private readonly ConcurrentDictionary<string, int[]> cache = new(StringComparer.Ordinal);

    public UnigramModel(IReadOnlyList<(string Piece, double Score)> pieces, int? unknownId, bool byteFallback, string source)
    {
        if (pieces.Count == 0)
            throw new BadInputException($"{source}: the Unigram vocabulary is empty");
        if (unknownId is { } unk && (unk < 0 || unk >= pieces.Count))
            throw new BadInputException($"{source}: the Unigram unk_id {unk} is outside the vocabulary of {pieces.Count} pieces");
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        scores = new double[pieces.Count];
        for (var id = 0; id < pieces.Count; id++)
        {
            var (piece, score) = pieces[id];
            ids[piece] = id;
            scores[id] = score;
            if (piece.Length > 0)
                trie.Add(piece, id);
        }
        vocabulary = new Vocabulary(ids, pieces.Select(p => p.Piece).ToArray());
        unknownScore = scores.Min() - UnknownPenalty;
        UnknownId = unknownId;
        ByteFallback = byteFallback;
    }

    public int? UnknownId { get; }
    public bool ByteFallback { get; }

    public int VocabularySize => vocabulary.Size;

    public double Score(int id) => scores[id];

    public void Encode(string word, List<int> ids)
    {
        if (word.Length == 0)
            return;
        if (cache.TryGetValue(word, out var cached))
        {
            ids.AddRange(cached);
            return;
        }
        var encoded = EncodeWord(word);
        if (cache.Count < CacheCapacity)
            cache.TryAdd(word, encoded);
        ids.AddRange(encoded);
    }

    public int? TokenToId(string token) => vocabulary.TokenToId(token);

    public string? IdToToken(int id) => vocabulary.IdToToken(id);

    private int[] EncodeWord(string word)
    {
        const int unknownNode = -2;
        var bestScore = new double[word.Length + 1];
        var bestStart = new int[word.Length + 1];
        var bestId = new int[word.Length + 1];
        Array.Fill(bestStart, -1);
        bestStart[0] = 0;
        for (var start = 0; start < word.Length;)
        {
            var charLength = char.IsHighSurrogate(word[start]) && start + 1 < word.Length && char.IsLowSurrogate(word[start + 1]) ? 2 : 1;
            var hasSingleCharPiece = false;
            for (int end = start, node = PieceTrie.Root; end < word.Length;)
            {
                node = trie.Child(node, word[end++]);
                if (node == PieceTrie.None)
                    break;
                if (trie.PieceId(node) is var id && id == PieceTrie.None)
                    continue;
                Offer(end, start, id, scores[id]);
                hasSingleCharPiece |= end - start == charLength;
            }
            if (!hasSingleCharPiece)
                Offer(start + charLength, start, unknownNode, unknownScore);
            start += charLength;
        }
        return Backtrack(word, bestStart, bestId, unknownNode);

        void Offer(int end, int start, int id, double score)
        {
            var candidate = bestScore[start] + score;
            if (bestStart[end] < 0 || candidate > bestScore[end])
                (bestScore[end], bestStart[end], bestId[end]) = (candidate, start, id);
        }
    }

    private int[] Backtrack(string word, int[] bestStart, int[] bestId, int unknownNode)
    {
        var reversed = new List<int>();
        var unknownEnd = -1;
        for (var end = word.Length; end > 0; end = bestStart[end])
        {
            var isUnknown = bestId[end] == unknownNode || bestId[end] == UnknownId;
            if (isUnknown && unknownEnd < 0)
                unknownEnd = end;
            if (isUnknown && bestStart[end] > 0 && IsUnknownAt(bestStart[end]))
                continue;
            if (unknownEnd >= 0)
            {
                AddUnknown(reversed, word[bestStart[end]..unknownEnd]);
                unknownEnd = -1;
            }
            else
                reversed.Add(bestId[end]);
        }
        reversed.Reverse();
        return reversed.ToArray();

        bool IsUnknownAt(int end) => bestId[end] == unknownNode || bestId[end] == UnknownId;
    }

    /// <summary>One unknown stretch of text, added reversed: its piece if it is one, else its byte pieces with byte fallback, else the unknown id.</summary>
    private void AddUnknown(List<int> reversed, string text)
    {
        if (vocabulary.TokenToId(text) is { } piece)
        {
            reversed.Add(piece);
            return;
        }
        if (ByteFallback)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var byteIds = bytes.Select(b => vocabulary.TokenToId($"<0x{b:X2}>")).ToArray();
            if (byteIds.All(id => id is not null))
            {
                for (var i = byteIds.Length - 1; i >= 0; i--)
                    reversed.Add(byteIds[i]!.Value);
                return;
            }
        }
        reversed.Add(UnknownId ?? throw new BadInputException($"the Unigram model has no unk_id but '{text}' has no piece"));
    }
}
