using Ctsft.Data;
using Ctsft.Data.Acquisition;

namespace Ctsft.Tests.Data;

/// <summary><c>data get</c> against a loopback server serving the shared copies (no internet).</summary>
public class AcquisitionTests
{
    private static string SharedNusax(string path) => Path.Combine(SharedFolder.Data, "nusax-senti", path);

    /// <summary>The NusaX files at their upstream paths under <c>nusax/</c>, optionally altered.</summary>
    private static Dictionary<string, byte[]> NusaxUpstream(Func<string, byte[], byte[]>? alter = null) =>
        NusaxManifest.Files.ToDictionary(
            e => "nusax/" + NusaxAcquisition.UpstreamPath(e),
            e => alter?.Invoke(e.Path, File.ReadAllBytes(SharedNusax(e.Path))) ?? File.ReadAllBytes(SharedNusax(e.Path)));

    private static AcquisitionReport Get(DataTask task, string dataDir, Uri source)
    {
        using var http = new HttpClient();
        return DatasetAcquisition.GetAsync(task, dataDir, source, http).GetAwaiter().GetResult();
    }

    [Fact]
    public void Upstream_paths_use_the_upstream_language_folders()
    {
        var entry = NusaxManifest.Files.Single(e => e.Path == "bbc/valid.csv");
        Assert.Equal("datasets/sentiment/toba_batak/valid.csv", NusaxAcquisition.UpstreamPath(entry));
        Assert.Contains(NusaxAcquisition.Commit, NusaxAcquisition.DefaultSource.ToString());
    }

    [Fact]
    public void NusaX_downloads_every_file_verified_and_a_second_run_uses_the_copy()
    {
        using var server = new LoopbackFileServer(NusaxUpstream());
        using var data = new TempFolder();
        var report = Get(NusaxSenti.Task, data.Path, server.Address("nusax/"));
        Assert.Equal(37, report.Downloaded.Count);
        foreach (var entry in NusaxManifest.Files)
            Assert.Equal(File.ReadAllBytes(SharedNusax(entry.Path)), File.ReadAllBytes(Path.Combine(data.Path, "nusax-senti", entry.Path)));
        Assert.Equal(500, NusaxSenti.Load(data.Path, "bug", "train").Count);

        var requests = server.Requests;
        var again = Get(NusaxSenti.Task, data.Path, server.Address("nusax/"));
        Assert.Empty(again.Downloaded);
        Assert.Equal(37, again.AlreadyPresent.Count);
        Assert.Equal(requests, server.Requests);
    }

    [Fact]
    public void A_corrupted_download_fails_its_hash_and_nothing_is_kept()
    {
        using var server = new LoopbackFileServer(NusaxUpstream((path, bytes) =>
            path == "jav/train.csv" ? [.. bytes[..100], (byte)(bytes[100] ^ 1), .. bytes[101..]] : bytes));
        using var data = new TempFolder();
        var error = Assert.Throws<BadInputException>(() => Get(NusaxSenti.Task, data.Path, server.Address("nusax/")));
        Assert.Contains("datasets/sentiment/javanese/train.csv", error.Message);
        Assert.Contains("SHA-256", error.Message);
        Assert.Contains("not kept", error.Message);
        Assert.False(File.Exists(Path.Combine(data.Path, "nusax-senti", "jav", "train.csv")));
        Assert.Empty(Directory.EnumerateFiles(data.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_folder_that_already_holds_the_files_is_used_as_is_without_a_server()
    {
        var report = Get(NusaxSenti.Task, SharedFolder.Data, new Uri("http://127.0.0.1:9/unused/"));
        Assert.Empty(report.Downloaded);
        Assert.Equal(37, report.AlreadyPresent.Count);
    }

    [Fact]
    public void A_different_file_already_in_place_is_refused_and_left_alone()
    {
        using var server = new LoopbackFileServer(NusaxUpstream());
        using var data = new TempFolder();
        var mine = data.File("nusax-senti/ace/test.csv", "id,text,label\n1,mine,neutral\n");
        var error = Assert.Throws<BadInputException>(() => Get(NusaxSenti.Task, data.Path, server.Address("nusax/")));
        Assert.Contains(mine, error.Message);
        Assert.Contains("already present", error.Message);
        Assert.Equal("id,text,label\n1,mine,neutral\n", File.ReadAllText(mine));
    }

    [Fact]
    public void A_missing_remote_file_names_the_address_and_status()
    {
        using var server = new LoopbackFileServer(new Dictionary<string, byte[]>());
        using var data = new TempFolder();
        var error = Assert.Throws<BadInputException>(() => Get(NusaxSenti.Task, data.Path, server.Address("nusax/")));
        Assert.Contains(server.Address("nusax/datasets/LICENSE").ToString(), error.Message);
        Assert.Contains("404", error.Message);
    }

    [Fact]
    public void XNLI_is_converted_from_the_release_zip_into_verified_per_language_files()
    {
        var zip = XnliOfficialFileBuilder.BuildZip(Xnli.Task.Languages);
        using var server = new LoopbackFileServer(new Dictionary<string, byte[]> { ["XNLI/XNLI-1.0.zip"] = zip });
        using var data = new TempFolder();
        var report = Get(Xnli.Task, data.Path, server.Address("XNLI/XNLI-1.0.zip"));
        Assert.Equal(30, report.Downloaded.Count);
        foreach (var entry in XnliManifest.Files)
            Assert.Equal(File.ReadAllBytes(Path.Combine(SharedFolder.Data, "xnli", entry.Path)), File.ReadAllBytes(Path.Combine(data.Path, "xnli", entry.Path)));
        Assert.Empty(Directory.EnumerateFiles(data.Path, "*.zip", SearchOption.AllDirectories));
    }

    [Fact]
    public void An_xnli_release_whose_conversion_differs_keeps_nothing()
    {
        var zip = XnliOfficialFileBuilder.BuildZip(Xnli.Task.Languages, test => test.Replace("\tneutral\t", "\tentailment\t"));
        using var server = new LoopbackFileServer(new Dictionary<string, byte[]> { ["x.zip"] = zip });
        using var data = new TempFolder();
        var error = Assert.Throws<BadInputException>(() => Get(Xnli.Task, data.Path, server.Address("x.zip")));
        Assert.Contains("test.tsv failed verification", error.Message);
        Assert.Empty(Directory.EnumerateFiles(data.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void The_data_directory_is_the_option_then_CTSFT_DATA_then_the_cache()
    {
        var saved = Environment.GetEnvironmentVariable(DataDirectory.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(DataDirectory.EnvironmentVariable, "/tmp/from-env");
            Assert.Equal("/tmp/from-option", DataDirectory.Resolve("/tmp/from-option"));
            Assert.Equal("/tmp/from-env", DataDirectory.Resolve(null));
            Environment.SetEnvironmentVariable(DataDirectory.EnvironmentVariable, null);
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            Assert.Equal(Path.Combine(home, ".cache", "ctsft", "data"), DataDirectory.Resolve(null));
        }
        finally
        {
            Environment.SetEnvironmentVariable(DataDirectory.EnvironmentVariable, saved);
        }
    }
}
