using Ctsft.Experiments;
using Ctsft.Reports;

namespace Ctsft.Tests.Reports;

public class ArmOrderTests
{
    [Fact]
    public void KnownArmsComeFirstInTheirFixedOrderThenUnknownOnesAlphabetically()
    {
        var sorted = ArmOrder.Sort(["random", "zz-adapter", "full", "aa-adapter", "circuit", "direct", "zz-adapter"]);
        Assert.Equal(["full", "direct", "circuit", "random", "aa-adapter", "zz-adapter"], sorted);
        Assert.Equal(Arms.All.Select(a => a.Name()), ArmOrder.Sort(Arms.All.Select(a => a.Name()).Reverse()));
    }
}
