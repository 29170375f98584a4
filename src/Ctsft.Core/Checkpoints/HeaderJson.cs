using System.Globalization;
using System.Text;

namespace Ctsft.Checkpoints;

/// <summary>
/// Writes a safetensors header the way Hugging Face's serializer (serde_json, compact) does, so that our
/// files are byte-identical to theirs: <c>__metadata__</c> first, then the entries in data order.
/// </summary>
internal static class HeaderJson
{
    public static byte[] Build(IReadOnlyDictionary<string, string> metadata, IEnumerable<TensorInfo> entries)
    {
        var json = new StringBuilder("{");
        var first = true;
        if (metadata.Count > 0)
        {
            json.Append(Quote(SafetensorsHeader.MetadataKey)).Append(":{");
            json.AppendJoin(",", metadata.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => Quote(m.Key) + ":" + Quote(m.Value)));
            json.Append('}');
            first = false;
        }
        foreach (var entry in entries)
        {
            if (!first) json.Append(',');
            first = false;
            json.Append(Quote(entry.Name))
                .Append(":{\"dtype\":").Append(Quote(entry.Dtype.HeaderName()))
                .Append(",\"shape\":[").AppendJoin(",", entry.Shape.Select(s => s.ToString(CultureInfo.InvariantCulture)))
                .Append("],\"data_offsets\":[").Append(entry.Begin.ToString(CultureInfo.InvariantCulture))
                .Append(',').Append(entry.End.ToString(CultureInfo.InvariantCulture)).Append("]}");
        }
        json.Append('}');
        var bytes = Encoding.UTF8.GetBytes(json.ToString());
        var padded = (bytes.Length + 7) / 8 * 8;
        var header = new byte[padded];
        bytes.CopyTo(header, 0);
        header.AsSpan(bytes.Length).Fill((byte)' ');
        return header;
    }

    /// <summary>A JSON string as serde_json escapes it: quote, backslash and control characters only.</summary>
    private static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\b': quoted.Append("\\b"); break;
                case '\f': quoted.Append("\\f"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                case < ' ': quoted.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: quoted.Append(c); break;
            }
        }
        return quoted.Append('"').ToString();
    }
}
