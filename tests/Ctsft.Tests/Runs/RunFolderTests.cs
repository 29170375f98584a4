using Ctsft.Runs;

namespace Ctsft.Tests.Runs;

/// <summary>The one run-folder policy: staging beside the output, publish by rename, refusal unless forced, resume only where it can.</summary>
public class RunFolderTests
{
    [Fact]
    public void A_run_writes_in_a_staging_folder_and_appears_only_when_published()
    {
        using var temp = new TempFolder();
        var folder = new RunFolder(temp.File("run"));
        folder.Prepare(force: false);
        File.WriteAllText(folder.File("a.json"), "{}");
        Assert.False(Directory.Exists(folder.Output));
        Assert.Equal(temp.File(".run.running"), folder.Staging);
        folder.Publish();
        Assert.True(File.Exists(Path.Combine(folder.Output, "a.json")));
        Assert.False(Directory.Exists(folder.Staging));
    }

    [Fact]
    public void A_folder_holding_another_run_is_refused_by_setting_name_and_left_untouched()
    {
        using var temp = new TempFolder();
        var output = temp.File("run/manifest.json", "old");
        var error = Assert.Throws<BadSettingException>(() => new RunFolder(temp.File("run")).Prepare(force: false));
        Assert.Equal("out", error.Setting);
        Assert.Contains("already holds another run (manifest.json)", error.Message);
        Assert.Contains("force", error.Message);
        Assert.DoesNotContain("--", error.Message);
        Assert.Equal("old", File.ReadAllText(output));
        Assert.False(Directory.Exists(temp.File(".run.running")));
    }

    [Fact]
    public void Force_replaces_the_old_run_only_when_the_new_one_publishes()
    {
        using var temp = new TempFolder();
        temp.File("run/run.json", "old");
        var failed = new RunFolder(temp.File("run"));
        Assert.Throws<InvalidOperationException>(() => failed.Run<int>(force: true, _ => throw new InvalidOperationException("boom")));
        Assert.Equal("old", File.ReadAllText(temp.File("run/run.json")));
        Assert.False(Directory.Exists(failed.Staging));

        new RunFolder(temp.File("run")).Run(force: true, f => { File.WriteAllText(f.File("run.json"), "new"); return 0; });
        Assert.Equal("new", File.ReadAllText(temp.File("run/run.json")));
        Assert.Equal(["run"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Resume_needs_a_resumable_run_and_its_staging_folder()
    {
        using var temp = new TempFolder();
        var folder = new RunFolder(temp.File("run"));
        Assert.Equal("resume", Assert.Throws<BadSettingException>(() => folder.Prepare(force: false, resume: true)).Setting);
        Assert.Equal("resume", Assert.Throws<BadSettingException>(() => folder.Prepare(force: false, resume: true, resumable: true)).Setting);
        folder.Prepare(force: false, resumable: true);
        File.WriteAllText(folder.File("state"), "step 3");
        var again = Assert.Throws<BadSettingException>(() => new RunFolder(temp.File("run")).Prepare(force: false, resumable: true));
        Assert.Contains("interrupted", again.Message);
        new RunFolder(temp.File("run")).Prepare(force: false, resume: true, resumable: true);
        Assert.Equal("step 3", File.ReadAllText(folder.File("state")));
    }

    [Fact]
    public void A_staging_folder_left_by_a_crashed_run_is_refused_unless_forced()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File(".run.running"));
        Assert.Contains("unfinished run", Assert.Throws<BadSettingException>(() => new RunFolder(temp.File("run")).Check(force: false)).Message);
        new RunFolder(temp.File("run")).Prepare(force: true);
        Assert.Empty(Directory.GetFileSystemEntries(temp.File(".run.running")));
    }

    [Fact]
    public void The_cli_names_the_flag_of_a_setting()
    {
        var error = new BadSettingException("learning_rate", "{learning_rate}: 2 is out of range; see {heads_from}");
        Assert.Equal("learning_rate: 2 is out of range; see heads_from", error.Message);
        Assert.Equal("--lr: 2 is out of range; see --heads-from", Ctsft.Cli.SettingFlags.Render(error));
    }
}
