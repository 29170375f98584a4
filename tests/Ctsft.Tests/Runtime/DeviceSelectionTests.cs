using Ctsft.Runtime;
using Ctsft.Tests.Cli;
using TorchSharp;

namespace Ctsft.Tests.Runtime;

/// <summary><c>--device</c> and <c>--deterministic</c> on this CPU-only build.</summary>
[Collection(PoisonedDeviceCollection.Name), Trait("Device", "poisoned")]
public class DeviceSelectionTests
{
    [Theory]
    [InlineData("cpu")]
    [InlineData("auto")]
    [InlineData(" CPU ")]
    public void Cpu_and_auto_resolve_to_the_cpu_on_a_cpu_only_build(string text)
    {
        Assert.Equal("cpu", TorchBackend.Current);
        var selection = DeviceSelection.Resolve(text);
        Assert.Equal(DeviceType.CPU, selection.Device.type);
        Assert.Equal("cpu", selection.Name);
        Assert.Null(selection.GpuName);
    }

    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:1")]
    public void Cuda_on_a_cpu_only_build_is_refused_saying_so_and_how_to_build_for_cuda(string text)
    {
        var error = Assert.Throws<BadSettingException>(() => DeviceSelection.Resolve(text));
        Assert.Equal("device", error.Setting);
        Assert.Contains($"device {text}", error.Message);
        Assert.Contains("CPU-only build", error.Message);
        Assert.Contains("-p:TorchBackend=cuda", error.Message);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:x")]
    [InlineData("cuda:-1")]
    public void An_unknown_device_is_refused_naming_the_setting(string text)
    {
        var error = Assert.Throws<BadSettingException>(() => DeviceSelection.Resolve(text));
        Assert.Equal("device", error.Setting);
        Assert.StartsWith("device: ", error.Message);
        Assert.Contains("auto, cpu, cuda or cuda:N", error.Message);
    }

    [Fact]
    public void Deterministic_switches_libtorch_to_deterministic_algorithms_and_sets_the_cublas_workspace()
    {
        Assert.False(Determinism.Enabled);
        try
        {
            var selection = DeviceSelection.Resolve("cpu", deterministic: true);
            Assert.True(selection.Deterministic);
            Assert.True(Determinism.Enabled);
            Assert.NotNull(Environment.GetEnvironmentVariable(Determinism.CublasVariable));
            Assert.True(selection.ToJson()["deterministic"]!.GetValue<bool>());
        }
        finally
        {
            Determinism.Disable();
        }
        Assert.False(Determinism.Enabled);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("experiment")]
    public void Run_and_experiment_with_device_cuda_on_this_build_exit_2_and_write_nothing(string verb)
    {
        using var temp = new TempFolder();
        var output = temp.File("X");
        string[] args = verb == "run"
            ? ["run", SharedFolder.Fixture("tiny-bert"), "--target", "jav", "--n", "25", "--arm", "full", "--cache", temp.File("cache"), "--data-dir", SharedFolder.Data]
            : ["experiment", "minilm-nusax", "--data-dir", SharedFolder.Data];
        var (exit, _, error) = CliRunner.Run([.. args, "--device", "cuda", "--out", output]);
        Assert.Equal(2, exit);
        Assert.Contains("CPU-only build", error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Train_with_device_cuda_on_this_build_exits_2_with_the_reason_and_leaves_no_output_folder()
    {
        using var temp = new TempFolder();
        var output = temp.File("X");
        var result = CtsftProcess.Run("train", "minilm", "--lang", "jav", "--n", "10", "--device", "cuda", "--out", output, "--data-dir", SharedFolder.Data);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--device cuda", result.Error);
        Assert.Contains("CPU-only build", result.Error);
        Assert.Contains("dotnet build -c Release -p:TorchBackend=cuda", result.Error);
        Assert.False(Directory.Exists(output));
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
    }

    [Fact]
    public void An_evaluation_records_the_device_it_ran_on()
    {
        using var temp = new TempFolder();
        var file = temp.File("reviews.csv", "id,text,label\na1,enak,good\na2,mahal,bad\n");
        var (exit, _, error) = CliRunner.Run("eval", SharedFolder.Fixture("tiny-qwen2"), "--task", "custom", "--file", file, "--labels", "bad,good",
            "--label-words", " negative, positive", "--device", "auto", "--out", temp.File("run"));
        Assert.True(exit == 0, error);
        var manifest = Ctsft.Evaluation.EvaluationManifest.Read(Path.Combine(temp.File("run"), Ctsft.Evaluation.EvaluationManifest.FileName));
        Assert.Equal(("cpu", (string?)null, false), (manifest.Settings.Device, manifest.Settings.Gpu, manifest.Settings.Deterministic));
    }
}
