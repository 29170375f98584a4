using System.Text.Json;

namespace Ctsft.Checkpoints;

/// <summary>Reads one <c>name: {dtype, shape, data_offsets}</c> entry of a safetensors header.</summary>
internal static class TensorEntry
{
    public static TensorInfo Parse(string path, string name, JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object)
            throw Bad(path, name, $"is a JSON {entry.ValueKind}, not an object with dtype, shape and data_offsets");
        var dtype = ParseDtype(path, name, Required(path, name, entry, "dtype"));
        var shape = ParseNumbers(path, name, Required(path, name, entry, "shape"), "shape");
        var offsets = ParseNumbers(path, name, Required(path, name, entry, "data_offsets"), "data_offsets");
        if (offsets.Length != 2)
            throw Bad(path, name, $"has {offsets.Length} data_offsets; expected two, [begin, end]");
        return new TensorInfo(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static JsonElement Required(string path, string name, JsonElement entry, string key)
    {
        JsonElement? found = null;
        foreach (var property in entry.EnumerateObject())
        {
            if (property.Name != key) continue;
            if (found is not null) throw Bad(path, name, $"has '{key}' twice");
            found = property.Value;
        }
        return found ?? throw Bad(path, name, $"has no '{key}'");
    }

    private static SafetensorsDtype ParseDtype(string path, string name, JsonElement element)
    {
        var text = element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
        if (element.ValueKind == JsonValueKind.String && SafetensorsDtypes.TryParse(text, out var dtype)) return dtype;
        var supported = string.Join(", ", SafetensorsDtypes.All.Select(d => d.HeaderName()));
        throw Bad(path, name, $"has unknown dtype '{text}' (supported: {supported})");
    }

    private static long[] ParseNumbers(string path, string name, JsonElement element, string key)
    {
        if (element.ValueKind != JsonValueKind.Array)
            throw Bad(path, name, $"has a '{key}' that is a JSON {element.ValueKind}, not a list of non-negative integers");
        var numbers = new long[element.GetArrayLength()];
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var number) || number < 0)
                throw Bad(path, name, $"has '{key}' {element.GetRawText()}, which is not a list of non-negative integers");
            numbers[i++] = number;
        }
        return numbers;
    }

    private static BadInputException Bad(string path, string name, string problem) =>
        SafetensorsHeader.Bad(path, $"tensor '{name}' {problem}");
}
