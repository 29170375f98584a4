using Ctsft.Models;
using Ctsft.Models.Qwen2;

namespace Ctsft.Tests.Models;

public class HeadParameterMapTests
{
    private static TransformerConfig Config(string fixture) =>
        ModelFactory.ReadConfig(Path.Combine(SharedFolder.Fixture(fixture), "config.json"));

    [Fact]
    public void A_decoder_head_owns_its_query_rows_its_group_key_value_rows_and_its_output_columns()
    {
        var map = new HeadParameterMap(Config("tiny-qwen2"));  // 4 query heads, 2 key/value heads, head_dim 16
        var slices = map.SlicesOf(new HeadRef(1, 3)).ToDictionary(s => s.TensorName);
        Assert.Equal(new ParameterSlice("model.layers.1.self_attn.q_proj.weight", SliceAxis.Rows, 48, 16), slices["model.layers.1.self_attn.q_proj.weight"]);
        Assert.Equal(new ParameterSlice("model.layers.1.self_attn.q_proj.bias", SliceAxis.Rows, 48, 16), slices["model.layers.1.self_attn.q_proj.bias"]);
        Assert.Equal(new ParameterSlice("model.layers.1.self_attn.k_proj.weight", SliceAxis.Rows, 16, 16), slices["model.layers.1.self_attn.k_proj.weight"]);
        Assert.Equal(new ParameterSlice("model.layers.1.self_attn.v_proj.bias", SliceAxis.Rows, 16, 16), slices["model.layers.1.self_attn.v_proj.bias"]);
        Assert.Equal(new ParameterSlice("model.layers.1.self_attn.o_proj.weight", SliceAxis.Columns, 48, 16), slices["model.layers.1.self_attn.o_proj.weight"]);
        Assert.False(slices.ContainsKey("model.layers.1.self_attn.o_proj.bias"));
        Assert.Equal(7, slices.Count);
    }

    [Fact]
    public void Query_heads_of_one_group_share_their_key_value_rows_once()
    {
        var map = new HeadParameterMap(Config("tiny-qwen2"));
        var slices = map.SlicesOf([new HeadRef(0, 0), new HeadRef(0, 1)]);
        Assert.Single(slices, s => s.TensorName == "model.layers.0.self_attn.k_proj.weight");
        Assert.Equal(2, slices.Count(s => s.TensorName == "model.layers.0.self_attn.q_proj.weight"));
    }

    [Fact]
    public void An_encoder_head_owns_its_own_key_and_value_rows()
    {
        var map = new HeadParameterMap(Config("tiny-bert"));
        var slices = map.SlicesOf(new HeadRef(0, 2)).ToDictionary(s => s.TensorName);
        Assert.Equal(32, slices["bert.encoder.layer.0.attention.self.key.weight"].Start);
        Assert.Equal(new ParameterSlice("bert.encoder.layer.0.attention.output.dense.weight", SliceAxis.Columns, 32, 16),
            slices["bert.encoder.layer.0.attention.output.dense.weight"]);
    }

    [Fact]
    public void Every_slice_names_a_real_parameter_of_the_right_extent()
    {
        foreach (var fixture in SharedFolder.GoldenModelFolders())
        {
            var config = Config(fixture);
            using var model = ModelFactory.CreateStructure(config);
            var shapes = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
            foreach (var slice in new HeadParameterMap(config).SlicesOf(config.AllHeads()))
            {
                Assert.True(shapes.ContainsKey(slice.TensorName), $"{fixture}: {slice.TensorName}");
                Assert.True(slice.Start + slice.Length <= shapes[slice.TensorName][slice.Dimension], $"{fixture}: {slice}");
            }
        }
    }

    [Fact]
    public void Slicing_a_tensor_gives_a_view_of_the_head_block()
    {
        using var weight = TorchSharp.torch.arange(8 * 4, dtype: TorchSharp.torch.float32).reshape(8, 4);
        using var rows = new ParameterSlice("w", SliceAxis.Rows, 2, 2).Of(weight);
        using var columns = new ParameterSlice("w", SliceAxis.Columns, 1, 2).Of(weight);
        Assert.Equal(new float[] { 8, 9, 10, 11, 12, 13, 14, 15 }, rows.data<float>().ToArray());
        Assert.Equal(new long[] { 8, 2 }, columns.shape);
        Assert.Equal(1f, columns[0, 0].item<float>());
    }
}
