namespace Ctsft.Data.Acquisition;

/// <summary>
/// Sizes and SHA-256 hashes of the NusaX-Senti files at the pinned upstream commit (paths relative to the
/// <c>nusax-senti</c> folder; <c>LICENSE</c> is upstream <c>datasets/LICENSE</c>).
/// </summary>
public static class NusaxManifest
{
    public static readonly IReadOnlyList<ManifestEntry> Files =
    [
        new("LICENSE", 20137, "5e436ff8ffbb77d8607220e9bce20c8915d860010feeb6c1ebef5a85688e9b39"),
        new("ace/train.csv", 81366, "eeb72a3e29d6129af729a9112e296afe0b7bae3c4f6a2590d5532bafe57f4597"),
        new("ace/valid.csv", 16215, "1752fc429c3f7b12f29a72dd68d0e3939b21a40f389dd5d0eb5432c6d036b308"),
        new("ace/test.csv", 65587, "0a38ac2352ec2194602f97acf5b25c78f432d84c9c9bee60c294506e55c18f1c"),
        new("ban/train.csv", 83938, "e37accf45aec8381c7465b2ca2df75500c0c5991941f18a6f0e109d8a81e5c5b"),
        new("ban/valid.csv", 16647, "1055ca278cc03de4743605c1bfac04261b4f6514fbbdba86587c2e3076e80197"),
        new("ban/test.csv", 67278, "d10c82f294bd72b0ee7077400424522e5c39fa477f83ffabb2f7652f84ed71fa"),
        new("bbc/train.csv", 85784, "f6fed53a064607541c12a7f25dd16c5dc47b145ff7a75d844e18e3e50f80063f"),
        new("bbc/valid.csv", 16940, "af3fdec7f6319b0e38e0ee7defb168ca741c1a56fac3dc3aa7a57dbab50967ea"),
        new("bbc/test.csv", 68464, "11d15c3ab4079d7d97e80bfc1ce1a4245bd1909a3fa40e15806c1c6334a99309"),
        new("bjn/train.csv", 83884, "0e15c5826401ca8649c51e67a5c1ba6b0345d66897954e96ac073a85e717ee7a"),
        new("bjn/valid.csv", 16541, "999a0bef291cde263777d64bde9d31b46fbf1de957a64e73f0fd39b8674784b1"),
        new("bjn/test.csv", 66978, "cca90ae2c130ebd41f38a3d04acda1cc79b3795d5e43575a41d369c7326679d9"),
        new("bug/train.csv", 88129, "23818aa30bf4ae743c540b007231c925e6f00f4dfd3ed8e38972b5663d601027"),
        new("bug/valid.csv", 17263, "5425f886a49379cffd114802b0d3ef07de048d3f7e1647046a2c6dabd7284b0f"),
        new("bug/test.csv", 71091, "369fedd3463d406e98b88dbc7cce9a3ce1ac9d3947aad627f17826e68ee0b179"),
        new("eng/train.csv", 88392, "d11297019c1f39c6a9bc855cf8bebd54aebd6c9c3e0e945cb8cb6a7999350e94"),
        new("eng/valid.csv", 17123, "76ca81930332a857ee8c1a5d05a1523f4d91783d313a80bccb39836d80ad2655"),
        new("eng/test.csv", 69859, "63b49ae7c8fa9c72013dbc29477c9ca6b9f82e510f65df88a05635e36f4a979e"),
        new("ind/train.csv", 84054, "698c4802111085c14fbe35122957e1145338d307bcc295764026a23095a32984"),
        new("ind/valid.csv", 16598, "4049c4a53017e08db72c72e1907345bfdfc19385481c58f54fe4637073d813f9"),
        new("ind/test.csv", 67622, "43b612ed6fde972c752ab9fa8b2ce290d9ffa06b176b732fcef2a947cb94a161"),
        new("jav/train.csv", 81845, "46a88ac0f2f0b09b42b7fb840d80f727cc5b2a558440cd29d3b69178c24853c5"),
        new("jav/valid.csv", 16150, "ff8df9ec279e505c914bf7c367db5f10fcba672da8a0f7a32f8b701670e7a89c"),
        new("jav/test.csv", 65781, "ad73d2ee75854c4104c9188a84c757caa07f826e108a384ade7fbf0f6dcc53a2"),
        new("mad/train.csv", 84508, "0cc23e1d5f29cc94f30916e07f32809dd3995a8bbae2d19e78d4f88673a91c05"),
        new("mad/valid.csv", 16770, "e1dc6c01128a40c13903e14ec3c51987ac47dacbbc527bd20e178294278296ad"),
        new("mad/test.csv", 68020, "daf0d571942b7a716583f2f92257501278ab29f8a315a9074fc4aa4a63869be1"),
        new("min/train.csv", 81488, "96f11a39631fded49d04562e520199bcc9dcdbd07bfaee505753521d82388437"),
        new("min/valid.csv", 16157, "bca87a7e812cf13ac31c4fa9f0d4ac4c6dd2ba00999abd1687f01a1d89f37f3f"),
        new("min/test.csv", 65752, "da055aabc671f0d702f73c50a90fde58ac0916ce30c4a23b6b0a589950909062"),
        new("nij/train.csv", 82380, "db52af95941e56846296f9adcc58fa94cd41cd5ab17ce9ee10f20f3116d991ad"),
        new("nij/valid.csv", 16593, "a3061f5238852dcf296d92ebd103f1530e6e5832511e5a0a38fb85facd05fc80"),
        new("nij/test.csv", 66893, "f8cd78d440d7d4cdc4fa556e80a546028fbfb0eaa173ff5156a39c3d42e9ca4f"),
        new("sun/train.csv", 83603, "b525aefac4d9819add0375b8c0db49516f19b57fbf6e6fc5afda3069895f2168"),
        new("sun/valid.csv", 16462, "ca5bbbef8e7d8d085300e716e570b4f2a964a761b392a3612e5547dd7b5d0444"),
        new("sun/test.csv", 67156, "887e940330e59716ff741ad11c4bccad6f94752c46de44858b32d46a96ef7d48"),
    ];
}
