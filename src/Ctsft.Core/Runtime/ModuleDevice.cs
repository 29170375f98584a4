using static TorchSharp.torch;

namespace Ctsft.Runtime;

/// <summary>The device a module's parameters live on (the run's device once a model is loaded).</summary>
public static class ModuleDevice
{
    public static Device Of(nn.Module module) =>
        module.parameters().FirstOrDefault() is { } parameter ? parameter.device : CPU;
}
