using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ctsft.Evaluation;

/// <summary>How run outputs write JSON: UTF-8 text as is (labels and texts in any script stay readable).</summary>
public static class JsonFormat
{
    public static readonly JsonWriterOptions Lines = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    public static readonly JsonWriterOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };
}
