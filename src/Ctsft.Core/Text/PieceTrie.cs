namespace Ctsft.Text;

/// <summary>
/// A trie over the UTF-16 text of a vocabulary's pieces, for finding every piece that starts at a position
/// of a word (the Unigram lattice). Nodes are numbers, the root is 0; edges live in one hash table keyed by
/// (node, char).
/// </summary>
internal sealed class PieceTrie
{
    public const int Root = 0;
    public const int None = -1;

    private readonly Dictionary<long, int> children = new();
    private readonly List<int> pieceIdOfNode = [None];

    /// <summary>Adds a piece; a piece added twice keeps the later id, as Hugging Face's token-to-id map does.</summary>
    public void Add(string piece, int id)
    {
        var node = Root;
        foreach (var c in piece)
        {
            var key = Key(node, c);
            if (!children.TryGetValue(key, out var child))
            {
                child = pieceIdOfNode.Count;
                pieceIdOfNode.Add(None);
                children[key] = child;
            }
            node = child;
        }
        pieceIdOfNode[node] = id;
    }

    /// <summary>The node reached from <paramref name="node"/> by <paramref name="c"/>, or <see cref="None"/>.</summary>
    public int Child(int node, char c) => children.TryGetValue(Key(node, c), out var child) ? child : None;

    /// <summary>The id of the piece that ends at <paramref name="node"/>, or <see cref="None"/>.</summary>
    public int PieceId(int node) => pieceIdOfNode[node];

    private static long Key(int node, char c) => ((long)node << 16) | c;
}
