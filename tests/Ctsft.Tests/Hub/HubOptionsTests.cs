using Ctsft.Hub;

namespace Ctsft.Tests.Hub;

public class HubOptionsTests
{
    private static HubOptions From(params (string Name, string Value)[] variables) =>
        HubOptions.FromEnvironment(name => variables.FirstOrDefault(v => v.Name == name).Value);

    private static readonly string Home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    [Fact]
    public void Defaults_are_the_public_hub_and_the_home_cache_online_without_token()
    {
        var options = From();

        Assert.Equal(new Uri("https://huggingface.co"), options.Endpoint);
        Assert.Equal(Path.Combine(Home, ".cache", "huggingface", "hub"), options.CacheDir);
        Assert.Null(options.Token);
        Assert.False(options.Offline);
    }

    [Fact]
    public void Cache_is_HF_HUB_CACHE_before_HF_HOME_hub_before_XDG_CACHE_HOME()
    {
        Assert.Equal("/x/hub-cache", From(("HF_HUB_CACHE", "/x/hub-cache"), ("HF_HOME", "/x/home")).CacheDir);
        Assert.Equal(Path.Combine("/x/home", "hub"), From(("HF_HOME", "/x/home"), ("XDG_CACHE_HOME", "/x/xdg")).CacheDir);
        Assert.Equal(Path.Combine("/x/xdg", "huggingface", "hub"), From(("XDG_CACHE_HOME", "/x/xdg")).CacheDir);
        Assert.Equal(Path.Combine(Home, "models"), From(("HF_HUB_CACHE", "~/models")).CacheDir);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("true", true)]
    [InlineData("YES", true)]
    [InlineData("on", true)]
    [InlineData("0", false)]
    [InlineData("no", false)]
    public void HF_HUB_OFFLINE_accepts_huggingface_hub_true_values(string value, bool offline) =>
        Assert.Equal(offline, From(("HF_HUB_OFFLINE", value)).Offline);

    [Fact]
    public void Endpoint_and_token_come_from_HF_ENDPOINT_and_HF_TOKEN()
    {
        var options = From(("HF_ENDPOINT", "https://hf-mirror.example/"), ("HF_TOKEN", "hf_abc"));

        Assert.Equal(new Uri("https://hf-mirror.example"), options.Endpoint);
        Assert.Equal("hf_abc", options.Token);
    }

    [Theory]
    [InlineData("huggingface.co")]
    [InlineData("ftp://mirror.example")]
    public void Endpoint_that_is_not_an_http_url_is_refused_naming_HF_ENDPOINT(string endpoint)
    {
        var error = Assert.Throws<BadInputException>(() => From(("HF_ENDPOINT", endpoint)));

        Assert.Contains("HF_ENDPOINT", error.Message);
        Assert.Contains(endpoint, error.Message);
    }
}
