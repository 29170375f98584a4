using System.CommandLine;
using System.Text.Json;
using Ctsft.Cli.Commands;
using Ctsft.Data.Acquisition;
using Ctsft.Tests.Data;

namespace Ctsft.Tests.Cli;

public class DataCommandTests
{
    private static int Run(params string[] args)
    {
        var root = new RootCommand { DataCommand.Create() };
        return root.Parse(args).Invoke();
    }

    private static (int ExitCode, string Output) RunCapturingOutput(params string[] args)
    {
        var original = Console.Out;
        using var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            return (Run(args), output.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }

    [Fact]
    public void Split_as_json_lists_pools_and_nested_samples_with_label_counts()
    {
        var (exit, output) = RunCapturingOutput("data", "split", "--task", "nusax", "--lang", "jav", "--split-seed", "0",
            "--n", "25,50", "--json", "--data-dir", SharedFolder.Data);
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("subset").GetString()!);
        Assert.Equal(["Pool A", "Pool B", "Pool B n=25", "Pool B n=50"], rows.Keys);
        Assert.Equal(400, rows["Pool A"].GetProperty("total").GetInt32());
        Assert.Equal(25, rows["Pool B n=25"].GetProperty("per_label").EnumerateArray().Sum(c => c.GetInt32()));
        Assert.Equal(3, json.RootElement.GetProperty("label_names").GetArrayLength());   // snake_case as every other JSON ctsft writes
        Assert.False(json.RootElement.TryGetProperty("labelNames", out _));
        var poolB = rows["Pool B"].GetProperty("ids").EnumerateArray().Select(i => i.GetString()).ToHashSet();
        Assert.Subset(poolB, rows["Pool B n=25"].GetProperty("ids").EnumerateArray().Select(i => i.GetString()).ToHashSet());
    }

    [Fact]
    public void Split_of_a_language_the_dataset_lacks_exits_2()
    {
        Assert.Equal(2, Run("data", "split", "--task", "nusax", "--lang", "xyz", "--data-dir", SharedFolder.Data));
    }

    [Fact]
    public void Info_reads_the_shared_copies_and_refuses_an_unknown_task()
    {
        Assert.Equal(0, Run("data", "info", "--task", "xnli", "--data-dir", SharedFolder.Data));
        Assert.Equal(2, Run("data", "info", "--task", "glue", "--data-dir", SharedFolder.Data));
    }

    [Fact]
    public void Data_alone_prints_the_licences()
    {
        Assert.Equal(0, Run("data"));
    }

    [Fact]
    public void Get_downloads_from_the_given_source_into_the_given_folder()
    {
        var files = NusaxManifest.Files.ToDictionary(
            e => "raw/" + NusaxAcquisition.UpstreamPath(e),
            e => File.ReadAllBytes(Path.Combine(SharedFolder.Data, "nusax-senti", e.Path)));
        using var server = new LoopbackFileServer(files);
        using var data = new TempFolder();
        Assert.Equal(0, Run("data", "get", "nusax", "--data-dir", data.Path, "--source", server.Address("raw/").ToString()));
        Assert.True(File.Exists(Path.Combine(data.Path, "nusax-senti", "sun", "test.csv")));
        Assert.Equal(2, Run("data", "get", "nusax", "--data-dir", data.Path, "--source", "not a url"));
    }
}
