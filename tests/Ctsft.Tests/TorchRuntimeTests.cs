using TorchSharp;

namespace Ctsft.Tests;

public class TorchRuntimeTests
{
    [Fact]
    public void Torch_loads_and_multiplies_matrices()
    {
        using var a = torch.arange(6, dtype: torch.float32).reshape(2, 3);
        using var product = a.matmul(a.t());
        Assert.Equal(new float[] { 5, 14, 14, 50 }, product.data<float>().ToArray());
    }
}
