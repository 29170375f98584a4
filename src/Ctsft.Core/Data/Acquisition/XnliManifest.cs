namespace Ctsft.Data.Acquisition;

/// <summary>
/// Sizes and SHA-256 hashes of the per-language XNLI files that the conversion of the official XNLI-1.0
/// release produces (paths relative to the <c>xnli</c> folder).
/// </summary>
public static class XnliManifest
{
    public static readonly IReadOnlyList<ManifestEntry> Files =
    [
        new("ar/dev.tsv", 625552, "bc6d619cc678b456c1e383d0b138d7ce1c9ade7046d03705cb63788f919edfeb"),
        new("ar/test.tsv", 1279545, "de4b82cf7b9346342559defe666532a75413be1a4b840e050de72f5ad4e395e1"),
        new("bg/dev.tsv", 766616, "fbaced7e748a9f1e8ae225773eac308f869cb08f6101b75113083d2f10070a83"),
        new("bg/test.tsv", 1558029, "ffd86460e807c5ab3d02aae5f9b3bddc384b754fc09fe933733c5ee6a5311154"),
        new("de/dev.tsv", 487158, "9b3d5218e2a632a38fc29eb6df529bc1d12cf0d1e019d1bb285fb302634c4527"),
        new("de/test.tsv", 981474, "fc5b4ba42568afde9a73e57e393b0fe5716ab0c2334c5b2195dd385bc1fe1dca"),
        new("el/dev.tsv", 833780, "cbbe79230dc42820a106b00a3a33f1fa9fc06fa181732d1af7e5823fed0656a7"),
        new("el/test.tsv", 1689780, "ba318ed77f73743c25775ea5608af0f679fff0f2fa44f7d7634a7b8442535c76"),
        new("en/dev.tsv", 426018, "1b403968bf6b2bfe61a5efa00bc4d06a63ebc3a20fb700db27a45930b074c83b"),
        new("en/test.tsv", 860127, "3ca85a686efa5f4f11ff6d335ec35f90270b1356496f5759fcb510f03e797625"),
        new("es/dev.tsv", 470977, "895fe1133301590bec92e5eec13ecc4a92dfe9f908328c253e645060889720d6"),
        new("es/test.tsv", 954808, "bcff30b8871ad39cf7b07c3a827f73d551011b66905b4a803eefdeb39343a8ed"),
        new("fr/dev.tsv", 502650, "52cdd67883692fd81ab4d1209a44b39c4cf1a95a4028e8f1bd0674d0cbe5d6d8"),
        new("fr/test.tsv", 1014233, "0594764fbfc5bcf05bba7f0aefca161f439c2a149cefbd98417d53a3f094545a"),
        new("hi/dev.tsv", 1016469, "31169da575826160fadbecb05d28d862a7da4d43fae4a6e0486381dd8c358849"),
        new("hi/test.tsv", 2058061, "cabd61ba47dc4255242dd2fe8454da03172d19fae3e1bdb2f94c54f3d64c4673"),
        new("ru/dev.tsv", 778994, "205a212d92d9d80b0cc1c04b021e58c21b3b5692113382fd879fd463716d4199"),
        new("ru/test.tsv", 1588461, "d35b9eb60ef69af039fca3bfc5528248e9be50799402dfd32fc0aa478b0c52a7"),
        new("sw/dev.tsv", 422404, "a6f308f64b5d291d56d65d140ed2b28c2fe7ddde6dd5d4ead5aaada231524197"),
        new("sw/test.tsv", 856646, "42e037238cd9149ab3daa3ed8c44726d6f03bb775765be98af63758136c2529f"),
        new("th/dev.tsv", 1053714, "a4a884e58e3edeb25570a95f3fa7e0ac20424e062432bf289d5827283db961d0"),
        new("th/test.tsv", 2132010, "6a330d52c41d612455aa165da8e61e256bb89e2e1b1ea2ffd9a359f215d69eb1"),
        new("tr/dev.tsv", 451863, "ea025666edafe6c18aee7947157af817416d0d867e543ce3b40416f31d0163c2"),
        new("tr/test.tsv", 919929, "5a3fb7a8f876a3517d103e7c528c4efc71238eeb9a6c7f692e2a5212905ef657"),
        new("ur/dev.tsv", 692507, "4ffe66e43deb6c823325cfc1408cd27045c6c400f5b7a0cb876c22f31a6b6445"),
        new("ur/test.tsv", 1401229, "f1e9a2d1349f96df7b7d17b82d4e6e78f5cb7ba08689c0d7976f24b39e1a2611"),
        new("vi/dev.tsv", 583234, "0b499bd11536270a71c81c7b228ea6154bd2b4ab0987f4ee86a61711abdff2c7"),
        new("vi/test.tsv", 1175209, "1d9224a3c633c7ffedfe9060156f9ec060eea56148a81b2898612fa778670973"),
        new("zh/dev.tsv", 377406, "566309d21468a28c647bd87e846e64df1a4c9483ca1f72e0394e5e6ac4d72ceb"),
        new("zh/test.tsv", 762909, "678960383486e9e4efe1ee9e84f2a45af2368de57a986187f4eb2d1c5a5f8cfa"),
    ];
}
