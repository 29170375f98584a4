using System.Text.Json.Nodes;
using Ctsft.Experiments;

namespace Ctsft.Tests.Experiments;

public class DiscoveredHeadsTests
{
    private static string CircuitFile(TempFolder temp, params string[][] picksPerDepth)
    {
        var scores = new JsonArray(new JsonArray(0.5, -0.1, 0.2), new JsonArray(0.3, 0.0, -0.4));
        var depths = new JsonArray(picksPerDepth.Select((picks, d) => (JsonNode)new JsonObject
        {
            ["depth"] = d, ["picked"] = new JsonArray(picks.Select(p => (JsonNode)p).ToArray()), ["scores"] = scores.DeepClone(),
        }).ToArray());
        return temp.File("circuit.json", new JsonObject { ["depths"] = depths }.ToJsonString());
    }

    [Fact]
    public void A_search_that_stopped_early_gives_the_circuit_it_reached_and_says_which_depth()
    {
        using var temp = new TempFolder();
        var file = CircuitFile(temp, ["L1H0"], ["L0H0"]);
        var heads = DiscoveredHeads.Read(file, depth: 2, randomSeed: 0);
        Assert.Equal(1, heads.Depth);
        Assert.Equal("L0H0,L1H0", heads.Circuit.ToString());
    }

    [Fact]
    public void A_shallower_depth_takes_only_the_picks_up_to_it()
    {
        using var temp = new TempFolder();
        var heads = DiscoveredHeads.Read(CircuitFile(temp, ["L1H0"], ["L0H0"]), depth: 0, randomSeed: 0);
        Assert.Equal(0, heads.Depth);
        Assert.Equal("L1H0", heads.Circuit.ToString());
    }
}
