using System.Runtime.InteropServices;
using System.Text;

namespace Ctsft.Text;

/// <summary>
/// Unicode normalization (NFC, NFD, NFKC, NFKD) through the system's ICU library. The project runs with
/// invariant globalization, where <see cref="string.Normalize(NormalizationForm)"/> leaves non-ASCII text
/// unchanged, so the tokenizers call ICU themselves, the way the runtime does when globalization is on.
/// </summary>
internal static unsafe class IcuNormalization
{
    private const int BufferOverflowError = 15;

    private static readonly Lazy<Icu> icu = new(Icu.Load);

    public static string Normalize(string text, NormalizationForm form)
    {
        if (IsBelowAnyDecomposition(text))
            return text;
        var lib = icu.Value;
        var instance = lib.Instance(form);
        var capacity = text.Length * 2 + 16;
        while (true)
        {
            var buffer = new char[capacity];
            int error = 0, length;
            fixed (char* source = text)
            fixed (char* destination = buffer)
                length = lib.Normalize(instance, source, text.Length, destination, capacity, &error);
            if (error == BufferOverflowError) { capacity = length + 16; continue; }
            if (error > 0)
                throw new InvalidOperationException($"ICU unorm2_normalize failed with error {error}");
            return new string(buffer, 0, length);
        }
    }

    /// <summary>No character below U+00C0 decomposes or combines, so such text is in every form.</summary>
    private static bool IsBelowAnyDecomposition(string text)
    {
        foreach (var c in text)
            if (c >= '\u00C0')
                return false;
        return true;
    }

    private sealed class Icu
    {
        private readonly nint nfc, nfd, nfkc, nfkd;
        public readonly delegate* unmanaged<nint, char*, int, char*, int, int*, int> Normalize;

        private Icu(nint library, string suffix)
        {
            Normalize = (delegate* unmanaged<nint, char*, int, char*, int, int*, int>)
                NativeLibrary.GetExport(library, "unorm2_normalize" + suffix);
            nfc = GetInstance(library, "unorm2_getNFCInstance" + suffix);
            nfd = GetInstance(library, "unorm2_getNFDInstance" + suffix);
            nfkc = GetInstance(library, "unorm2_getNFKCInstance" + suffix);
            nfkd = GetInstance(library, "unorm2_getNFKDInstance" + suffix);
        }

        public nint Instance(NormalizationForm form) => form switch
        {
            NormalizationForm.FormC => nfc,
            NormalizationForm.FormD => nfd,
            NormalizationForm.FormKC => nfkc,
            NormalizationForm.FormKD => nfkd,
            _ => throw new ArgumentOutOfRangeException(nameof(form)),
        };

        private static nint GetInstance(nint library, string name)
        {
            var getter = (delegate* unmanaged<int*, nint>)NativeLibrary.GetExport(library, name);
            int error = 0;
            var instance = getter(&error);
            return error > 0 ? throw new InvalidOperationException($"ICU {name} failed with error {error}") : instance;
        }

        /// <summary>Finds libicuuc like the .NET runtime does: newest versioned name first, symbols suffixed by the version.</summary>
        public static Icu Load()
        {
            for (var version = 99; version >= 50; version--)
            {
                if (!NativeLibrary.TryLoad($"libicuuc.so.{version}", out var library))
                    continue;
                var suffix = NativeLibrary.TryGetExport(library, $"unorm2_normalize_{version}", out _) ? $"_{version}" : "";
                return new Icu(library, suffix);
            }
            if (NativeLibrary.TryLoad("libicuuc.so", out var unversioned))
                return new Icu(unversioned, "");
            throw new PlatformNotSupportedException(
                "Unicode normalization for the tokenizer needs ICU (libicuuc), which was not found; install the libicu package");
        }
    }
}
