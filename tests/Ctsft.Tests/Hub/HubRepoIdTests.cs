using Ctsft.Hub;

namespace Ctsft.Tests.Hub;

public class HubRepoIdTests
{
    [Theory]
    [InlineData("Qwen/Qwen2.5-0.5B", "Qwen", "Qwen2.5-0.5B", "main")]
    [InlineData("indobenchmark/indobert-base-p1@v1.0", "indobenchmark", "indobert-base-p1", "v1.0")]
    [InlineData("org/name@refs/pr/3", "org", "name", "refs/pr/3")]
    [InlineData("sentence_transformers/all-MiniLM-L6-v2@0123456789abcdef0123456789abcdef01234567", "sentence_transformers", "all-MiniLM-L6-v2", "0123456789abcdef0123456789abcdef01234567")]
    public void Parses_org_name_and_revision_defaulting_to_main(string spec, string owner, string name, string revision)
    {
        var id = HubRepoId.Parse(spec);

        Assert.Equal(new HubRepoId(owner, name, revision), id);
        Assert.Equal($"models--{owner}--{name}", id.CacheFolderName);
    }

    [Fact]
    public void Only_a_full_lowercase_hex_hash_counts_as_a_commit()
    {
        Assert.True(HubRepoId.Parse("a/b@0123456789abcdef0123456789abcdef01234567").RevisionIsCommit);
        Assert.False(HubRepoId.Parse("a/b@0123456").RevisionIsCommit);
        Assert.False(HubRepoId.Parse("a/b").RevisionIsCommit);
    }

    [Theory]
    [InlineData("justaname", "exactly one '/'")]
    [InlineData("a/b/c", "exactly one '/'")]
    [InlineData("org/", "'' in 'org/'")]
    [InlineData("/name", "'' in '/name'")]
    [InlineData("org/na me", "'na me'")]
    [InlineData("org/-name", "'-name'")]
    [InlineData("org/name.", "'name.'")]
    [InlineData("org--x/name", "must not contain '--'")]
    [InlineData("org/na..me", "must not contain '--' or '..'")]
    [InlineData("org/name@", "revision after '@' is empty")]
    [InlineData("org/name@../../etc", "revision '../../etc'")]
    [InlineData("org/name@a//b", "revision 'a//b'")]
    [InlineData("org/name@v 1", "revision 'v 1'")]
    public void Malformed_ids_are_refused_with_the_spec_and_the_problem(string spec, string problem)
    {
        var error = Assert.Throws<BadInputException>(() => HubRepoId.Parse(spec));

        Assert.Contains($"'{spec}'", error.Message);
        Assert.Contains(problem, error.Message);
    }
}
