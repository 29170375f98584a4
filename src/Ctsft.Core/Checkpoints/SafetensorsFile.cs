using System.IO.MemoryMappedFiles;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Checkpoints;

/// <summary>
/// A safetensors file opened for reading: the header is read and validated on open, the file is memory
/// mapped, and each <see cref="ReadTensor"/> copies (or widens) just that tensor's bytes into a new torch
/// tensor. Floating dtypes load as float32; integer and bool dtypes keep their own.
/// </summary>
public sealed unsafe class SafetensorsFile : ITensorSource
{
    private readonly SafetensorsHeader _header;
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private byte* _fileStart;

    private SafetensorsFile(string path, SafetensorsHeader header, MemoryMappedFile map, MemoryMappedViewAccessor view)
    {
        Path = path;
        _header = header;
        _map = map;
        _view = view;
        Names = header.Tensors.Keys.Order(StringComparer.Ordinal).ToArray();
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref _fileStart);
        _fileStart += _view.PointerOffset;
    }

    public string Path { get; }

    public string Location => Path;

    public IReadOnlyList<string> Names { get; }

    /// <summary>The header's <c>__metadata__</c> (Hugging Face writes <c>{"format": "pt"}</c>).</summary>
    public IReadOnlyDictionary<string, string> Metadata => _header.Metadata;

    /// <summary>Validates the header and maps the file; reads no tensor data.</summary>
    public static SafetensorsFile Open(string path)
    {
        if (!File.Exists(path)) throw new BadInputException($"{path}: no such safetensors file");
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        try
        {
            var header = SafetensorsHeader.Read(path, stream.SafeFileHandle);
            var map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            return new SafetensorsFile(path, header, map, map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public bool Contains(string name) => _header.Tensors.ContainsKey(name);

    public TensorInfo Info(string name) =>
        _header.Tensors.TryGetValue(name, out var info) ? info
            : throw new BadInputException($"{Path}: has no tensor '{name}'");

    public Tensor ReadTensor(string name)
    {
        ObjectDisposedException.ThrowIf(_fileStart is null, this);
        var info = Info(name);
        var tensor = torch.empty(info.Shape, info.Dtype.LoadedTorchType(), device: CPU);  // host memory the file is copied into
        try
        {
            if (info.ByteCount == 0) return tensor;
            var source = _fileStart + _header.DataStart + info.Begin;
            var target = TensorMemory.Address(tensor);
            if (info.Dtype.IsFloating())
                DtypeConversion.ToSingle(info.Dtype, source, (float*)target, info.ElementCount);
            else
                Buffer.MemoryCopy(source, target, info.ByteCount, info.ByteCount);
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_fileStart is null) return;
        _fileStart = null;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
